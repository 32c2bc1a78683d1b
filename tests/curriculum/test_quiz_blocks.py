from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from curriculum.blocks.assessment import (
    ChoiceQuestionBlock,
    MultipleChoiceQuestionBlock,
    NumericQuestionBlock,
    QuizBlock,
    TrueFalseQuestionBlock,
)
from tests.factories import items, option


def choice_value(block, *correct_flags: bool):
    raw = {
        "prompt": "Which?",
        "explanation": "",
        "options": items([option(f"o{n}", flag) for n, flag in enumerate(correct_flags)]),
    }
    return block.to_python(raw)


def errors_of(caught) -> str:
    return " ".join(str(e) for e in caught.value.as_json_data().get("messages", [])) or str(
        caught.value.as_json_data()
    )


def test_single_choice_with_one_correct_option_is_valid():
    block = ChoiceQuestionBlock()
    block.clean(choice_value(block, False, True, False))


def test_single_choice_needs_a_correct_option():
    block = ChoiceQuestionBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(choice_value(block, False, False))
    assert "at least one option" in errors_of(caught)


def test_single_choice_refuses_two_correct_options():
    block = ChoiceQuestionBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(choice_value(block, True, True, False))
    assert "2 are marked" in errors_of(caught)


def test_multiple_choice_accepts_several_correct_options_but_not_none():
    block = MultipleChoiceQuestionBlock()
    block.clean(choice_value(block, True, True, False))
    with pytest.raises(ValidationError):
        block.clean(choice_value(block, False, False, False))


def test_true_false_needs_exactly_two_options():
    block = TrueFalseQuestionBlock()
    block.clean(choice_value(block, True, False))
    with pytest.raises(ValidationError):
        block.clean(choice_value(block, True, False, False))


def numeric_value(block, tolerance: str):
    return block.to_python({"prompt": "How much?", "answer": "12.5", "tolerance": tolerance})


def test_numeric_question_accepts_zero_and_positive_tolerance():
    block = NumericQuestionBlock()
    assert block.clean(numeric_value(block, "0"))["tolerance"] == Decimal(0)
    assert block.clean(numeric_value(block, "0.5"))["answer"] == Decimal("12.5")


def test_numeric_question_refuses_negative_tolerance():
    block = NumericQuestionBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(numeric_value(block, "-1"))
    assert "tolerance" in str(caught.value.as_json_data())


def test_quiz_needs_a_question_and_a_pass_mark_between_0_and_100():
    block = QuizBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Quiz", "pass_mark": 75, "questions": []}))
    value = block.to_python(
        {
            "title": "Quiz",
            "pass_mark": 120,
            "questions": [
                {
                    "type": "numeric",
                    "value": {"prompt": "?", "answer": "1", "tolerance": "0"},
                    "id": "q1",
                }
            ],
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_quiz_html_never_reveals_correct_answers_or_feedback():
    block = QuizBlock()
    value = block.to_python(
        {
            "title": "Quiz",
            "pass_mark": 75,
            "questions": [
                {
                    "type": "single_choice",
                    "value": {
                        "prompt": "Pick",
                        "explanation": "EXPLANATION-TEXT",
                        "options": items(
                            [option("Right", True, "FEEDBACK-RIGHT"), option("Wrong", False, "X")]
                        ),
                    },
                    "id": "q1",
                },
                {
                    "type": "numeric",
                    "value": {"prompt": "How many?", "answer": "4242", "tolerance": "0"},
                    "id": "q2",
                },
            ],
        }
    )
    html = block.render(value)
    assert "Right" in html and "How many?" in html
    for secret in ("FEEDBACK-RIGHT", "EXPLANATION-TEXT", "4242", "correct"):
        assert secret not in html
