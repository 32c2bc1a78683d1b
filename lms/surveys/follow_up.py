"""The follow-up list: response rates per round kind for each group and programme a person may
see, and the people not reached (a round open past its answer-by date, not answered).

Three queries whatever the number of groups and rounds (the groups, the counts grouped in the
database, the people not reached), plus the viewer's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.cohorts.models import LearnerGroup
from lms.cohorts.selectors import groups_visible_to

from .models import Round, RoundKind
from .services import ANSWER_WITHIN, follow_up_consenting

NOT_REACHED_LIMIT = 300
# Column heads short enough for a phone; the full name is the cell's title.
SHORT_LABELS = {
    RoundKind.BASELINE: gettext_lazy("Baseline"),
    RoundKind.ENDLINE: gettext_lazy("Endline"),
    RoundKind.MONTH_6: gettext_lazy("6 months"),
    RoundKind.MONTH_12: gettext_lazy("12 months"),
    RoundKind.MONTH_18: gettext_lazy("18 months"),
    RoundKind.MONTH_24: gettext_lazy("24 months"),
}


@dataclass
class Rate:
    opened: int = 0
    answered: int = 0
    not_reached: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.opened) if self.opened else None

    def add(self, other: Rate) -> None:
        self.opened += other.opened
        self.answered += other.answered
        self.not_reached += other.not_reached


@dataclass
class RateRow:
    label: str
    detail: str
    group_id: int | None = None
    rates: dict[str, Rate] = field(default_factory=dict)

    def cells(self) -> list[Rate]:
        return [self.rates.get(kind, Rate()) for kind in RoundKind.values]


@dataclass
class FollowUp:
    kinds: list[tuple[str, str, str]]  # value, short label, full label
    groups: list[RateRow]
    programmes: list[RateRow]
    not_reached: list[Round]
    not_reached_total: int
    answer_by: date
    filtered: bool = False

    @property
    def truncated(self) -> bool:
        return self.not_reached_total > len(self.not_reached)


def _not_reached(answer_by: date) -> Q:
    return Q(
        opened_at__isnull=False,
        completed_at__isnull=True,
        closed_at__isnull=True,
        due_on__lt=answer_by,
    )


def follow_up_overview(
    *, user: AbstractBaseUser | AnonymousUser, today: date, group_id: int | None = None
) -> FollowUp:
    """Rates and people for the groups ``user`` may see (one group with ``group_id``)."""
    groups_qs = groups_visible_to(user=user).select_related("programme")
    if group_id is not None:
        groups_qs = groups_qs.filter(pk=group_id)
    groups: list[LearnerGroup] = list(groups_qs)
    ids = [g.pk for g in groups]
    answer_by = today - ANSWER_WITHIN
    counted = (
        Round.objects.filter(group_id__in=ids, opened_at__isnull=False)
        # Rounds closed by a withdrawal before any answer are nobody's to reach.
        .exclude(closed_at__isnull=False, completed_at__isnull=True)
        .values("group_id", "kind")
        .annotate(
            opened=Count("pk"),
            answered=Count("pk", filter=Q(completed_at__isnull=False)),
            not_reached=Count("pk", filter=_not_reached(answer_by)),
        )
        .order_by()
    )
    by_group: dict[int, dict[str, Rate]] = {}
    for row in counted:
        by_group.setdefault(row["group_id"], {})[row["kind"]] = Rate(
            row["opened"], row["answered"], row["not_reached"]
        )
    group_rows, programme_rows = [], {}
    for group in groups:
        rates = by_group.get(group.pk, {})
        group_rows.append(
            RateRow(label=group.name, detail=group.municipality, group_id=group.pk, rates=rates)
        )
        programme = group.programme
        key = programme.pk if programme else 0
        if key not in programme_rows:
            programme_rows[key] = RateRow(
                label=programme.name if programme else _("No programme"),
                detail=programme.get_country_display() if programme else "",
            )
        totals = programme_rows[key].rates
        for kind, rate in rates.items():
            totals.setdefault(kind, Rate()).add(rate)
    not_reached_qs = (
        Round.objects.filter(_not_reached(answer_by), group_id__in=ids)
        .annotate(consenting=follow_up_consenting())
        .filter(consenting=True)
        .select_related("person", "group")
        .order_by("due_on", "group__name", "person__username", "pk")
    )
    not_reached = list(not_reached_qs[:NOT_REACHED_LIMIT])
    total = sum(rate.not_reached for rates in by_group.values() for rate in rates.values())
    return FollowUp(
        kinds=[(value, SHORT_LABELS[value], label) for value, label in RoundKind.choices],
        groups=group_rows,
        programmes=sorted(programme_rows.values(), key=lambda r: str(r.label)),
        not_reached=not_reached,
        not_reached_total=max(total, len(not_reached)),
        answer_by=answer_by,
        filtered=group_id is not None,
    )
