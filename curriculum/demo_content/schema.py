"""Shape of the demo curriculum files, checked before anything is seeded.

Each session lives in one JSON file holding both languages side by side. Structure
(question kinds, correct options, numeric answers, agenda minutes and methods) must be
identical in both languages, because the Spanish page is a translation of the Portuguese
one: wagtail-localize translates text and keeps the structure.

Run ``python -m curriculum.demo_content.schema FILE...`` to check files by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from curriculum.demo_content.calculators import check_calculators

LANGUAGES = ("pt-br", "es")
QUESTION_KINDS = ("single", "multiple", "true_false", "numeric")
AGENDA_METHODS = (
    "short_talk",
    "group_work",
    "discussion",
    "role_play",
    "reflection",
    "energizer",
    "video",
    "break",
)
CURRENCIES = ("BRL", "CLP", "PEN")
MIN_LESSON_WORDS = 300


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _check_quiz(lang: str, quiz: dict, errors: list[str]) -> None:
    questions = quiz.get("questions") or []
    if not quiz.get("title"):
        errors.append(f"{lang}: quiz has no title")
    if len(questions) < 4:
        errors.append(f"{lang}: quiz has {len(questions)} questions, at least 4 are needed")
    for n, q in enumerate(questions, 1):
        where = f"{lang}: question {n}"
        kind = q.get("kind")
        if kind not in QUESTION_KINDS:
            errors.append(f"{where}: kind {kind!r} is not one of {QUESTION_KINDS}")
            continue
        if not q.get("prompt") or not q.get("explanation"):
            errors.append(f"{where}: prompt and explanation are required")
        if kind == "numeric":
            if not isinstance(q.get("answer"), (int, float)):
                errors.append(f"{where}: numeric question needs a number 'answer'")
            tol = q.get("tolerance", 0)
            if not isinstance(tol, (int, float)) or tol < 0:
                errors.append(f"{where}: tolerance must be a number >= 0")
            continue
        options = q.get("options") or []
        correct = [o for o in options if o.get("correct")]
        if any(not o.get("text") or not o.get("feedback") for o in options):
            errors.append(f"{where}: every option needs text and feedback")
        if kind == "true_false" and len(options) != 2:
            errors.append(f"{where}: true/false needs exactly two options")
        if kind in ("single", "true_false") and len(correct) != 1:
            errors.append(f"{where}: exactly one option must be correct")
        if kind == "multiple" and not correct:
            errors.append(f"{where}: at least one option must be correct")
        if kind in ("single", "multiple") and len(options) < 2:
            errors.append(f"{where}: at least two options are needed")


def _check_guide(lang: str, guide: dict, planned: int, errors: list[str]) -> None:
    agenda = guide.get("agenda") or []
    total = sum(item.get("minutes", 0) for item in agenda)
    if planned and total != planned:
        errors.append(f"{lang}: agenda adds up to {total} minutes, planned is {planned}")
    if not planned and agenda:
        errors.append(f"{lang}: an agenda is given but planned_minutes is 0")
    for n, item in enumerate(agenda, 1):
        if item.get("method") not in AGENDA_METHODS:
            errors.append(f"{lang}: agenda item {n}: method must be one of {AGENDA_METHODS}")
        if not item.get("title") or not item.get("instructions"):
            errors.append(f"{lang}: agenda item {n}: title and instructions are required")
    if planned and (not guide.get("objectives") or not guide.get("materials")):
        errors.append(f"{lang}: guide needs objectives and materials")


def _structure(loc: dict) -> dict:
    """What must be the same in both languages."""
    quiz = loc.get("quiz") or {}
    guide = loc.get("guide") or {}
    return {
        "questions": [
            (
                q.get("kind"),
                q.get("answer"),
                q.get("tolerance"),
                [bool(o.get("correct")) for o in q.get("options") or []],
            )
            for q in quiz.get("questions") or []
        ],
        "agenda": [(a.get("minutes"), a.get("method")) for a in guide.get("agenda") or []],
        "key_points": len(loc.get("key_points") or []),
        "objectives": len(guide.get("objectives") or []),
        "materials": len(guide.get("materials") or []),
        "examples": [e.get("currency") for e in loc.get("examples") or []],
        "variants": sorted((loc.get("level_variants") or {}).keys()),
    }


def validate_session(data: dict) -> list[str]:
    errors: list[str] = []
    planned = data.get("planned_minutes", 0)
    for field in ("key", "number", "self_paced_minutes"):
        if field not in data:
            errors.append(f"missing {field!r}")
    for lang in LANGUAGES:
        loc = data.get(lang)
        if not isinstance(loc, dict):
            errors.append(f"missing language block {lang!r}")
            continue
        for field in ("title", "summary", "lesson", "reflection", "video_caption"):
            if not loc.get(field):
                errors.append(f"{lang}: missing {field!r}")
        words = word_count(loc.get("lesson", ""))
        words += sum(word_count(e.get("body", "")) for e in loc.get("examples") or [])
        if words < MIN_LESSON_WORDS:
            errors.append(f"{lang}: lesson has {words} words, at least {MIN_LESSON_WORDS} needed")
        if len(loc.get("key_points") or []) < 3:
            errors.append(f"{lang}: at least 3 key points are needed")
        _check_quiz(lang, loc.get("quiz") or {}, errors)
        _check_guide(lang, loc.get("guide") or {}, planned, errors)
        for ex in loc.get("examples") or []:
            if ex.get("currency") not in CURRENCIES:
                errors.append(f"{lang}: example currency must be one of {CURRENCIES}")
        for level in loc.get("level_variants") or {}:
            if level not in ("1", "2", "3"):
                errors.append(f"{lang}: level_variants keys are '1', '2', '3'")
    errors += check_calculators(data, LANGUAGES, CURRENCIES)
    if all(isinstance(data.get(lang), dict) for lang in LANGUAGES):
        a, b = (_structure(data[lang]) for lang in LANGUAGES)
        for part in a:
            if a[part] != b[part]:
                errors.append(f"structure of {part} differs between pt-br and es")
    return errors


def load_session(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    failed = 0
    for name in argv:
        errors = validate_session(load_session(Path(name)))
        for err in errors:
            print(f"{name}: {err}")
        failed += bool(errors)
        if not errors:
            print(f"{name}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
