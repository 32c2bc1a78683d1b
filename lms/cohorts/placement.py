"""A short placement question set that suggests an enterprise business level.

Each answer scores 1 to 3; the rounded mean is the suggested level. The learner may still
choose another level: the suggestion only helps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PlacementQuestion:
    name: str
    label: str
    choices: tuple[tuple[str, str], ...]  # value is the score "1".."3"


PLACEMENT_QUESTIONS = (
    PlacementQuestion(
        "people",
        _("How many people work in your business, counting you?"),
        (("1", _("Only me, or me and family")), ("2", _("2 to 5")), ("3", _("More than 5"))),
    ),
    PlacementQuestion(
        "records",
        _("How do you keep track of sales and expenses?"),
        (
            ("1", _("I don't write them down yet")),
            ("2", _("In a notebook or spreadsheet")),
            ("3", _("With an accountant or an accounting system")),
        ),
    ),
    PlacementQuestion(
        "formal",
        _("Is your business formally registered?"),
        (("1", _("Not yet")), ("2", _("Yes, as an individual")), ("3", _("Yes, as a company"))),
    ),
    PlacementQuestion(
        "customers",
        _("Who are your main customers?"),
        (
            ("1", _("Neighbours and people passing by")),
            ("2", _("Regular customers in my town")),
            ("3", _("Companies, including large ones")),
        ),
    ),
)


def placement_suggest(answers: dict[str, str]) -> int:
    """Suggested level (1-3) from the answers; unknown or missing answers are ignored."""
    scores = [
        int(answers[q.name])
        for q in PLACEMENT_QUESTIONS
        if answers.get(q.name) in {value for value, _label in q.choices}
    ]
    if not scores:
        return 1
    return max(1, min(3, round(sum(scores) / len(scores))))
