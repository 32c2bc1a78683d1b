// Business calculators: results while the learner types. Without this module each form is a
// GET to the same page, computed on the server by curriculum/calculators.py; this file repeats
// its parsing, formulas, rounding and formats, so change both together. Amounts are BigInt in
// minor units and percentages in hundredths: rounding then matches Decimal's ROUND_HALF_UP.
// A browser without BigInt fails to parse the module and simply keeps the server form.
const F = { BRL: ["R$", 2, ".", ","], CLP: ["$", 0, ".", ","], PEN: ["S/", 2, ",", "."] };
const halfUp = (a, b) => (2n * a + b) / (2n * b); // a >= 0, b > 0
const group = (digits, sep) => digits.replace(/\B(?=(\d{3})+$)/g, sep);
const fail = (key, field) => { throw { key, field }; };
const grouped = (g, s) => s.every((x) => x === s[0]) && /^[1-9]\d{0,2}$/.test(g[0]) && g.slice(1).every((x) => x.length === 3);

// Returns the value in units of 10^-n, rounded half up; mirrors parse_amount().
function parse(text, dotDecimal, negativeOk, n) {
  let t = text.trim();
  if (t.length > 40) fail("invalid");
  t = t.replace(/R\$|S\/\.?|CLP|BRL|PEN|\$|%/gi, "").trim();
  const neg = /^[-−]/.test(t);
  if (neg) t = t.slice(1).trim();
  t = t.replace(/\s+/g, " ");
  if (!/\d/.test(t)) fail("invalid");
  t = t.replace(/^[.,]/, "0$&").replace(/[.,]$/, "");
  if (!/^\d+([., ]\d+)*$/.test(t)) fail("invalid");
  const g = t.split(/[., ]/), s = t.match(/[., ]/g) || [], last = s[s.length - 1];
  const thousands = !/[.,]/.test(s.slice(0, -1).join("")) && g[g.length - 1].length === 3
    && !(last === "." && dotDecimal) && grouped(g, s);
  const frac = /[.,]/.test(last) && s.indexOf(last) === s.length - 1 && !thousands;
  const whole = frac ? g.slice(0, -1) : g, ws = frac ? s.slice(0, -1) : s;
  if (ws.length && !grouped(whole, ws)) fail("invalid");
  const int = whole.join(""), f = (frac ? g[g.length - 1] : "") + "0".repeat(n + 1);
  if (neg && /[1-9]/.test(int + f) && !negativeOk) fail("negative");
  if (BigInt(int) >= 10n ** 9n) fail("too_large");
  const v = BigInt(int + f.slice(0, n)) + (f[n] >= "5" ? 1n : 0n);
  return neg ? -v : v;
}
function amount(v, c) {
  const [, d, g, m] = F[c], s = (v < 0n ? -v : v).toString().padStart(d + 1, "0");
  return (v < 0n ? "-" : "") + group(s.slice(0, s.length - d), g) + (d ? m + s.slice(-d) : "");
}
const money = (v, c) => (v < 0n ? "-" : "") + F[c][0] + " " + amount(v < 0n ? -v : v, c);
const percent = (t, c) => group(`${t / 10n}`, F[c][2]) + (t % 10n ? F[c][3] + (t % 10n) : "") + "%";

const CALCULATORS = {
  price({ cost, margin }, c) {
    if (cost <= 0n) fail("positive", "cost");
    if (margin >= 10000n) fail("margin_range", "margin");
    const price = halfUp(cost * 10000n, 10000n - margin), profit = price - cost;
    return { price: money(price, c), profit: money(profit, c), markup: percent(halfUp(profit * 1000n, cost), c) };
  },
  break_even({ fixed, price, variable }, c) {
    const each = price - variable;
    if (each <= 0n) fail("loss");
    const n = (fixed + each - 1n) / each;
    return { contribution: money(each, c), units: group(`${n}`, F[c][2]), sales: money(n * price, c) };
  },
  cash_flow({ opening, sales, costs, growth }) {
    if (growth < -10000n || growth > 10000n) fail("growth_range", "growth");
    const rows = [];
    for (let month = 1; month <= 6; month += 1) {
      if (month > 1) sales = halfUp(sales * (10000n + growth), 10000n);
      rows.push([sales, costs, sales - costs, (opening += sales - costs)]);
    }
    return { rows };
  },
};

for (const form of document.querySelectorAll("form[data-calculator]")) {
  const { calculator: kind, currency: c, decimal, messages: json } = form.dataset, messages = JSON.parse(json);
  const inputs = [...form.querySelectorAll("input[data-field]")];
  const result = form.querySelector("[data-result]"), note = form.querySelector("[data-message]");
  // Untouched empty inputs stay quiet: no "enter a number" before the learner has typed.
  const touched = new Set(inputs.filter((i) => "submitted" in form.dataset || i.value.trim()).map((i) => i.dataset.field));
  const flag = (input, key) => {
    document.getElementById(`${input.id}-error`).textContent = key ? messages[key] : "";
    if (key) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  };
  const say = (text, warn) => { note.textContent = text; note.classList.toggle("is-warning", !!warn); };
  const update = () => {
    const values = {};
    let ok = true, out;
    for (const input of inputs) {
      const { field, kind: k } = input.dataset, optional = "optional" in input.dataset;
      flag(input);
      values[field] = 0n;
      if (!input.value.trim() && (optional || !touched.has(field))) { if (!optional) ok = false; continue; }
      try { values[field] = parse(input.value, decimal === ".", "negative" in input.dataset, k === "percent" ? 2 : F[c][1]); }
      catch (error) { if (!error.key) throw error; ok = false; flag(input, error.key); }
    }
    say("");
    result.hidden = true;
    if (!ok) return;
    try { out = CALCULATORS[kind](values, c); } catch (error) {
      if (!error.key) throw error;
      if (error.field) flag(inputs.find((i) => i.dataset.field === error.field), error.key);
      else say(messages[error.key], true);
      return;
    }
    result.hidden = false;
    if (!out.rows) { for (const key in out) form.querySelector(`[data-out="${key}"]`).textContent = out[key]; return; }
    form.querySelectorAll("[data-row]").forEach((tr, i) => {
      out.rows[i].forEach((v, j) => { tr.cells[j + 1].textContent = amount(v, c); });
      tr.classList.toggle("is-negative", out.rows[i][3] < 0n);
    });
    const first = out.rows.findIndex((row) => row[3] < 0n);
    if (first < 0) say(messages.stays_positive);
    else say(messages.runs_out.replace(/%\(month\)s/g, first + 1).replace(/%\(balance\)s/g, money(out.rows[first][3], c)), true);
  };
  form.addEventListener("input", (event) => { touched.add(event.target.dataset.field); update(); });
  form.addEventListener("submit", (event) => { event.preventDefault(); inputs.forEach((i) => touched.add(i.dataset.field)); update(); });
  if (touched.size) update();
}
