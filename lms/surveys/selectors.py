"""Reading rounds and instruments for the screens: a person's open rounds (the notices on My
path), one round for the person or for someone who may record it, and an instrument's
questions in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from wagtail.models import Locale

from lms.accounts.models import User
from lms.cohorts.selectors import groups_visible_to
from lms.core.inputs import id_in_range, id_parse

from .models import ROUND_INSTRUMENT, Instrument, Round
from .services import follow_up_consenting


def rounds_open_for(*, person: User) -> list[Round]:
    """The rounds waiting for ``person``'s answers, oldest first (one query; none without an
    active follow-up consent)."""
    return list(
        Round.objects.filter(
            person=person,
            opened_at__isnull=False,
            completed_at__isnull=True,
            closed_at__isnull=True,
        )
        .annotate(consenting=follow_up_consenting())
        .filter(consenting=True)
        .order_by("due_on", "pk")
    )


def _round_id(value: object) -> int | None:
    round_id = value if isinstance(value, int) else id_parse(value)
    return round_id if round_id is not None and id_in_range(round_id) else None


def round_of_person(*, person: User, round_id: object) -> Round | None:
    """The round if it is ``person``'s own; None otherwise (a view answers 404)."""
    round_id = _round_id(round_id)
    if round_id is None:
        return None
    return Round.objects.filter(pk=round_id, person=person).first()


def rounds_recordable_by(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Round]:
    """Rounds of people in the groups ``user`` may see (a facilitator's own groups, a
    programme manager's country): the rounds whose answers they may enter."""
    return Round.objects.filter(group__in=groups_visible_to(user=user).order_by().values("pk"))


def round_for_recorder(*, user: AbstractBaseUser | AnonymousUser, round_id: object) -> Round | None:
    round_id = _round_id(round_id)
    if round_id is None:
        return None
    return (
        rounds_recordable_by(user=user)
        .filter(pk=round_id)
        .select_related("person", "group")
        .first()
    )


@dataclass(frozen=True)
class Question:
    """One question as a form asks it, in one language."""

    key: str
    kind: str  # money, count, choice, rating
    prompt: str
    help_text: str
    business_only: bool
    maximum: Decimal | int | None = None
    options: tuple[tuple[str, str], ...] = ()
    low_label: str = ""
    high_label: str = ""


@dataclass(frozen=True)
class InstrumentView:
    title: str
    intro: str
    questions: tuple[Question, ...]


def instrument_for(*, round_kind: str, language: str) -> InstrumentView | None:
    """The instrument a round of ``round_kind`` asks, in ``language`` when translated, else
    in the source language (Portuguese). None when no instrument is written yet."""
    kind = ROUND_INSTRUMENT.get(round_kind)
    if kind is None:
        return None
    candidates = list(Instrument.objects.filter(kind=kind).select_related("locale"))
    if not candidates:
        return None
    wanted = language if language else Locale.get_active().language_code
    by_language = {c.locale.language_code: c for c in candidates}
    default = Locale.get_default().language_code
    instrument = by_language.get(wanted) or by_language.get(default) or candidates[0]
    return InstrumentView(
        title=instrument.title,
        intro=instrument.intro,
        questions=tuple(_question(child) for child in instrument.questions),
    )


def _question(child) -> Question:
    value = child.value
    kind = child.block_type
    return Question(
        key=value["key"],
        kind=kind,
        prompt=value["prompt"],
        help_text=value.get("help_text") or "",
        business_only=bool(value.get("business_only")),
        maximum=value.get("maximum"),
        options=tuple((o["value"], o["label"]) for o in value.get("options") or ()),
        low_label=value.get("low_label") or "",
        high_label=value.get("high_label") or "",
    )
