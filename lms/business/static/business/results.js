// The one-page report's Print button (the page prints as well from the browser's menu).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
