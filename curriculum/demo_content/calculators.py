"""Business calculators in the demo refreshers: what a file's ``calculators`` hold and the
blocks the seed makes of them.

Structure (kind, currency, worked defaults) is given once at the top of the file, the texts
(title, introduction) once per language in the same order; each calculator follows the
worked example in its currency, pre-filled with that example's figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# kind in the file → (block type, default fields the block has, as named in the file)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "price": ("price_calculator", ("cost", "margin")),
    "break_even": ("break_even_calculator", ("fixed_costs", "price", "variable_cost")),
    "cash_flow": ("cash_flow_calculator", ("opening_cash", "sales", "costs", "growth")),
}
MAX_TITLE = 150  # the block's title field


def check_calculators(
    data: dict, languages: tuple[str, ...], currencies: tuple[str, ...]
) -> list[str]:
    """Errors in a session file's calculators (none when it has none)."""
    errors: list[str] = []
    calculators = data.get("calculators") or []
    for n, calc in enumerate(calculators, 1):
        where = f"calculator {n}"
        kind = calc.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} is not one of {tuple(KINDS)}")
            continue
        if calc.get("currency") not in currencies:
            errors.append(f"{where}: currency must be one of {currencies}")
        defaults = calc.get("defaults") or {}
        names = KINDS[kind][1]
        if set(defaults) != set(names):
            errors.append(f"{where}: defaults must be exactly {names}")
        if any(not isinstance(value, int | float) for value in defaults.values()):
            errors.append(f"{where}: defaults are numbers")
        elif any(value < 0 for name, value in defaults.items() if name != "growth"):
            errors.append(f"{where}: only the growth may be negative")
    for lang in languages:
        loc = data.get(lang) or {}
        texts = loc.get("calculators") or []
        if len(texts) != len(calculators):
            errors.append(
                f"{lang}: {len(texts)} calculator texts for {len(calculators)} calculators"
            )
        if any(not t.get("title") or len(t["title"]) > MAX_TITLE for t in texts):
            errors.append(
                f"{lang}: every calculator needs a title of at most {MAX_TITLE} characters"
            )
        shown = {e.get("currency") for e in loc.get("examples") or []}
        if any(c.get("currency") not in shown for c in calculators):
            errors.append(f"{lang}: a calculator's currency has no worked example to follow")
    return errors


def calculator_blocks(
    data: dict, lang: str, ids: Callable[..., str], *, currency: str
) -> list[dict[str, Any]]:
    """The raw stream blocks of the file's calculators in ``currency``, in ``lang``."""
    blocks = []
    texts = data[lang].get("calculators") or []
    for n, (calc, text) in enumerate(zip(data.get("calculators") or [], texts, strict=True)):
        if calc["currency"] != currency:
            continue
        block_type, names = KINDS[calc["kind"]]
        value: dict[str, Any] = {
            "title": text["title"],
            "intro": text.get("intro", ""),
            "currency": currency,
        }
        value.update({f"default_{name}": str(calc["defaults"][name]) for name in names})
        blocks.append({"type": block_type, "value": value, "id": ids("calculator", n)})
    return blocks
