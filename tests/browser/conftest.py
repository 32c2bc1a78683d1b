"""Browser tests: Playwright's Python package driving Debian's chromium (never a downloaded
browser). Outside CI they are skipped when chromium is not installed; in CI they must run."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself (fixtures) are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]


def chromium_path() -> str | None:
    return os.environ.get("RUMO_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class ConsoleWatch:
    """What Chromium reports in the console of the pages it follows: Content-Security-Policy
    violations (which Chromium logs as errors) apart from script errors and uncaught
    exceptions (an HTTP error status, such as a refused quiz, is not a script error)."""

    def __init__(self, page=None) -> None:
        self.violations: list[str] = []
        self.errors: list[str] = []
        self.visited = 0
        if page is not None:
            self.follow(page)

    def follow(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("load", self._load)

    def _load(self, _page) -> None:
        self.visited += 1

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)
        elif not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{message.text} ({message.location.get('url')})")


@pytest.fixture
def phone(browser):
    """A page in a 360×640 phone viewport; the test fails if a page broke the
    Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    page = context.new_page()
    watch = ConsoleWatch(page)
    yield page
    context.close()
    assert watch.violations == [], watch.violations
