"""The demo sessions' StreamField data, built from their JSON files: the learner content and
the facilitator guide, in either language, with block ids that are the same on every machine
(so a session's two languages, and every re-seed, share them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from curriculum.demo_content.calculators import calculator_blocks
from curriculum.models import Video

SOURCE = "pt-br"
TARGET = "es"
ID_NAMESPACE = uuid.UUID("6f0c8f3e-6a51-4b8e-9d0a-1c5d7e2a9b10")

LABELS = {
    SOURCE: {
        "key_points": "Pontos-chave",
        "video_caption": "Os pontos-chave desta sessão, um por tela, com legendas.",
    },
    TARGET: {
        "key_points": "Puntos clave",
        "video_caption": "Los puntos clave de esta sesión, uno por pantalla, con subtítulos.",
    },
}
QUESTION_TYPES = {
    "single": "single_choice",
    "multiple": "multiple_choice",
    "true_false": "true_false",
    "numeric": "numeric",
}


class _Ids:
    """Deterministic block ids: the same session gets the same ids on every machine."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, *path: object) -> str:
        return str(uuid.uuid5(ID_NAMESPACE, ":".join([self.key, *map(str, path)])))


def _list(ids: _Ids, prefix: str, items: list[Any]) -> list[dict]:
    return [{"type": "item", "value": value, "id": ids(prefix, n)} for n, value in enumerate(items)]


def _question(ids: _Ids, n: int, q: dict) -> dict:
    kind = QUESTION_TYPES[q["kind"]]
    value: dict[str, Any] = {"prompt": q["prompt"], "explanation": q.get("explanation", "")}
    if kind == "numeric":
        value.update(
            answer=str(q["answer"]),
            tolerance=str(q.get("tolerance", 0)),
            unit=q.get("unit", ""),
            feedback_correct=q.get("feedback_correct", ""),
            feedback_incorrect=q.get("feedback_incorrect", ""),
        )
    else:
        options = [
            {
                "text": o["text"],
                "correct": bool(o.get("correct")),
                "feedback": o.get("feedback", ""),
            }
            for o in q["options"]
        ]
        value["options"] = _list(ids, f"q{n}:option", options)
    return {"type": kind, "value": value, "id": ids("q", n)}


def learner_stream(data: dict, lang: str, video: Video | None) -> list[dict]:
    loc = data[lang]
    ids = _Ids(data["key"])
    stream: list[dict] = []
    if video is not None:
        stream.append(
            {
                "type": "video",
                "value": {
                    "video": video.pk,
                    "caption": LABELS[lang]["video_caption"],
                    "required": True,
                },
                "id": ids("video"),
            }
        )
    stream.append({"type": "text", "value": loc["lesson"], "id": ids("lesson")})
    for level, text in sorted((loc.get("level_variants") or {}).items()):
        stream.append(
            {
                "type": "level_variant",
                "value": {"level": level, "text": text},
                "id": ids("level", level),
            }
        )
    for n, example in enumerate(loc.get("examples") or []):
        body = f"## {example['title']}\n\n{example['body']}"
        stream.append({"type": "text", "value": body, "id": ids("example", n)})
        stream += calculator_blocks(data, lang, ids, currency=example["currency"])
    stream.append(
        {
            "type": "key_points",
            "value": {
                "heading": LABELS[lang]["key_points"],
                "points": _list(ids, "point", loc["key_points"]),
            },
            "id": ids("key_points"),
        }
    )
    if loc.get("take_home"):
        stream.append({"type": "take_home", "value": loc["take_home"], "id": ids("take_home")})
    stream.append(
        {
            "type": "reflection",
            "value": {"prompt": loc["reflection"], "required": True},
            "id": ids("reflection"),
        }
    )
    quiz = loc["quiz"]
    stream.append(
        {
            "type": "quiz",
            "value": {
                "title": quiz["title"],
                "pass_mark": quiz.get("pass_mark", 75),
                "questions": [_question(ids, n, q) for n, q in enumerate(quiz["questions"])],
                "required": True,
            },
            "id": ids("quiz"),
        }
    )
    return stream


def guide_stream(data: dict, lang: str) -> list[dict]:
    guide = data[lang].get("guide") or {}
    ids = _Ids(data["key"])
    stream: list[dict] = []
    if guide.get("objectives"):
        stream.append(
            {
                "type": "objectives",
                "value": _list(ids, "objective", guide["objectives"]),
                "id": ids("objectives"),
            }
        )
    if guide.get("materials"):
        stream.append(
            {
                "type": "materials",
                "value": _list(ids, "material", guide["materials"]),
                "id": ids("materials"),
            }
        )
    for n, item in enumerate(guide.get("agenda") or []):
        value = {
            "title": item["title"],
            "minutes": item["minutes"],
            "method": item["method"],
            "instructions": item["instructions"],
            "tips": item.get("tips", ""),
        }
        stream.append({"type": "agenda_item", "value": value, "id": ids("agenda", n)})
    if guide.get("notes"):
        stream.append({"type": "note", "value": {"text": guide["notes"]}, "id": ids("note")})
    return stream


def _string_pairs(source: Any, target: Any) -> Iterator[tuple[str, str]]:
    """Walk two streams of the same shape and pair up their texts."""
    if isinstance(source, str) and isinstance(target, str):
        yield source, target
    elif isinstance(source, dict) and isinstance(target, dict):
        for name, value in source.items():
            if name not in ("id", "type") and name in target:
                yield from _string_pairs(value, target[name])
    elif isinstance(source, list) and isinstance(target, list):
        for a, b in zip(source, target, strict=False):
            yield from _string_pairs(a, b)
