"""Factories shared by the tests. Stream data is written raw, the way Wagtail stores it."""

from __future__ import annotations

import uuid

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from curriculum.models import CurriculumPage, ModulePage, SessionPage

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def block(block_type: str, value, block_id: str | None = None) -> dict:
    return {"type": block_type, "value": value, "id": block_id or str(uuid.uuid4())}


def items(values: list) -> list[dict]:
    return [{"type": "item", "value": v, "id": str(uuid.uuid4())} for v in values]


def option(text: str, correct: bool = False, feedback: str = "") -> dict:
    return {"text": text, "correct": correct, "feedback": feedback or f"About {text}"}


def quiz(*questions: dict, title: str = "Check yourself", pass_mark: int = 75) -> dict:
    return block(
        "quiz",
        {"title": title, "pass_mark": pass_mark, "questions": list(questions), "required": True},
    )


def single_choice(prompt: str = "Pick one", correct_index: int = 0, n: int = 3) -> dict:
    options = [option(f"Option {i}", i == correct_index) for i in range(n)]
    return block(
        "single_choice", {"prompt": prompt, "explanation": "Because.", "options": items(options)}
    )


def agenda_item(title: str, minutes: int, method: str = "group_work") -> dict:
    return block(
        "agenda_item",
        {
            "title": title,
            "minutes": minutes,
            "method": method,
            "instructions": "Do it.",
            "tips": "",
        },
    )


def guide(*minutes: int, note: str = "Facilitator only: handle with care.") -> list[dict]:
    stream = [block("objectives", items(["Name three strengths"]))]
    stream += [agenda_item(f"Activity {n}", m) for n, m in enumerate(minutes)]
    stream.append(block("note", {"text": note}))
    return stream


class CurriculumPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Curriculum {n}")
    kind = CurriculumPage.Kind.PERSONAL_EFFECTIVENESS

    class Meta:
        model = CurriculumPage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    number = 1

    class Meta:
        model = ModulePage


class SessionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Session {n}")
    number = 1
    planned_minutes = 210
    self_paced_minutes = 20
    body = factory.LazyFunction(
        lambda: [block("text", "## Welcome\n\nA lesson."), quiz(single_choice())]
    )
    facilitator_guide = factory.LazyFunction(lambda: guide(60, 15, 135))

    class Meta:
        model = SessionPage


def numeric_question(prompt: str = "How much?", answer: str = "1234.5", tolerance: str = "0.5"):
    return block(
        "numeric",
        {
            "prompt": prompt,
            "explanation": "Add the costs.",
            "answer": answer,
            "tolerance": tolerance,
            "unit": "",
            "feedback_correct": "Well done.",
            "feedback_incorrect": "Check the sum.",
        },
    )


def multiple_choice(prompt: str = "Pick all", correct: tuple[int, ...] = (0, 1), n: int = 3):
    options = [option(f"Choice {i}", i in correct) for i in range(n)]
    return block(
        "multiple_choice", {"prompt": prompt, "explanation": "Both.", "options": items(options)}
    )


def reflection(prompt: str = "What will you change?") -> dict:
    return block("reflection", {"prompt": prompt, "required": True})
