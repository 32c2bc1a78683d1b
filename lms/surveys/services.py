"""Writing rounds and answers: scheduling a person's rounds for a curriculum, opening those
that fall due, closing them when consent is withdrawn, storing answers.

Nothing here opens a round or stores an answer for a person without an active follow-up
consent (``ConsentRecord`` kind ``follow_up``); every function that would checks it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.consent import consent_active
from lms.accounts.models import ConsentRecord, User
from lms.cohorts.models import Enrolment, LearnerGroup, Membership
from lms.participants.consent import collection_allowed
from lms.participants.models import ParticipantStatus

from .models import FOLLOW_UP_MONTHS, Answer, Channel, Round, RoundKind

# A round opens on its due date and stays open; one whose due date passed this long ago
# before it could open (consent came late) is not opened: answers about "six months after"
# given a year after would not compare with anyone else's.
OPEN_WINDOW = timedelta(days=183)
# A round left unanswered this long after its due date is listed for follow-up.
ANSWER_WITHIN = timedelta(days=14)
NUMBER_LIMIT = Decimal(10) ** 12


class SurveyError(Exception):
    """A request that cannot be done; ``message`` is translated and can be shown as it is.
    Nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _local(moment: datetime) -> date:
    return timezone.localdate(moment)


def follow_up_consenting(field: str = "person") -> Exists:
    """A filter for rows whose ``field`` (a person) has an active follow-up consent."""
    return Exists(
        ConsentRecord.objects.filter(
            person=OuterRef(field),
            kind=ConsentRecord.Kind.FOLLOW_UP,
            withdrawn_at__isnull=True,
        )
    )


def _group_for(*, person: User, curriculum_key: UUID, status: ParticipantStatus | None):
    if status is not None and status.group_id:
        return status.group
    membership = (
        Membership.objects.filter(learner=person, group__curriculum_key=curriculum_key)
        .select_related("group")
        .order_by("-joined_at")
        .first()
    )
    return membership.group if membership else None


def rounds_schedule(*, person: User, curriculum_key: UUID) -> list[Round]:
    """Create the rounds ``person`` is due for in one curriculum: the baseline at enrolment
    (or at consent, when consent came later), the endline at graduation and the follow-ups
    6, 12, 18 and 24 months after it. Idempotent: existing rounds stay; one not opened yet
    moves with a corrected graduation date. Without an active follow-up consent nothing is
    scheduled and an empty list is returned."""
    consent = consent_active(person=person, kind=ConsentRecord.Kind.FOLLOW_UP)
    if consent is None or not collection_allowed(person=person):
        return []  # no consent, or under 18 without a guardian's consent as well
    enrolment = Enrolment.objects.filter(learner=person, curriculum_key=curriculum_key).first()
    status = (
        ParticipantStatus.objects.filter(person=person, curriculum_key=curriculum_key)
        .select_related("group")
        .first()
    )
    due: dict[str, date] = {}
    if enrolment is not None:
        due[RoundKind.BASELINE] = max(_local(enrolment.created_at), _local(consent.recorded_at))
    if status is not None and status.graduated_at is not None:
        graduated = _local(status.graduated_at)
        due[RoundKind.ENDLINE] = graduated
        for kind, months in FOLLOW_UP_MONTHS.items():
            due[kind] = months_after(graduated, months)
    if not due:
        return []
    group: LearnerGroup | None = _group_for(
        person=person, curriculum_key=curriculum_key, status=status
    )
    with transaction.atomic():
        existing = {
            r.kind: r
            for r in Round.objects.select_for_update().filter(
                person=person, curriculum_key=curriculum_key
            )
        }
        for kind, day in due.items():
            current = existing.get(kind)
            if current is None:
                existing[kind] = Round.objects.create(
                    person=person,
                    curriculum_key=curriculum_key,
                    kind=kind,
                    due_on=day,
                    group=group,
                    programme_id=group.programme_id if group else None,
                )
            elif current.opened_at is None and current.due_on != day:
                current.due_on = day
                current.save(update_fields=["due_on"])
        # A group put under a programme later: its rounds follow (answers are reported by it).
        if group is not None:
            Round.objects.filter(person=person, curriculum_key=curriculum_key).filter(
                Q(group__isnull=True) | Q(programme__isnull=True)
            ).update(group=group, programme_id=group.programme_id)
            for r in existing.values():
                r.group, r.programme_id = group, group.programme_id
    return sorted(existing.values(), key=lambda r: (r.due_on, r.pk))


def rounds_close(*, person: User) -> int:
    """Close the open rounds of ``person`` not answered yet (consent withdrawn): they leave
    the person's notices and the follow-up list; answers already given stay. Rounds not open
    yet stay pending and open only if consent is active again by their date."""
    return Round.objects.filter(
        person=person, opened_at__isnull=False, completed_at__isnull=True, closed_at__isnull=True
    ).update(closed_at=timezone.now())


@dataclass(frozen=True)
class OpenReport:
    scheduled: int
    opened: int
    closed: int


def _pairs_to_schedule() -> set[tuple[int, UUID]]:
    """(person, curriculum) pairs of consenting people that may lack a round: an enrolment
    without a baseline, or a graduation without all five later rounds."""
    rounds = Round.objects.filter(
        person=OuterRef("learner"), curriculum_key=OuterRef("curriculum_key")
    )
    baseline_missing = (
        Enrolment.objects.annotate(consenting=follow_up_consenting("learner"))
        .filter(consenting=True)
        .exclude(Exists(rounds.filter(kind=RoundKind.BASELINE)))
        .values_list("learner_id", "curriculum_key")
    )
    later = [RoundKind.ENDLINE, *FOLLOW_UP_MONTHS]
    status_rounds = Round.objects.filter(
        person=OuterRef("person"), curriculum_key=OuterRef("curriculum_key"), kind__in=later
    )
    graduated = (
        ParticipantStatus.objects.filter(graduated_at__isnull=False)
        .annotate(consenting=follow_up_consenting())
        .filter(consenting=True)
        .annotate(complete=Exists(status_rounds.filter(kind=RoundKind.MONTH_24)))
        .filter(complete=False)
        .values_list("person_id", "curriculum_key")
    )
    return set(baseline_missing) | set(graduated)


def rounds_open_due(*, today: date | None = None) -> OpenReport:
    """What the beat task does: close the rounds of people whose consent is no longer active,
    schedule the rounds consenting people lack, then open every round due by ``today``
    (within ``OPEN_WINDOW``). Opening is what puts the notice on the person's My path.
    Idempotent: a second run the same day changes nothing."""
    today = today or timezone.localdate()
    now = timezone.now()
    unanswered = Q(completed_at__isnull=True, closed_at__isnull=True)
    closed = (
        Round.objects.filter(unanswered, opened_at__isnull=False)
        .annotate(consenting=follow_up_consenting())
        .filter(consenting=False)
        .update(closed_at=now)
    )
    scheduled = 0
    people = {}
    for person_id, curriculum_key in sorted(_pairs_to_schedule(), key=lambda p: (p[0], str(p[1]))):
        person = people.get(person_id) or User.objects.get(pk=person_id)
        people[person_id] = person
        scheduled += len(rounds_schedule(person=person, curriculum_key=curriculum_key))
    opened = (
        Round.objects.filter(
            unanswered,
            opened_at__isnull=True,
            due_on__lte=today,
            due_on__gt=today - OPEN_WINDOW,
        )
        .annotate(consenting=follow_up_consenting())
        .filter(consenting=True)
        .update(opened_at=now)
    )
    return OpenReport(scheduled=scheduled, opened=opened, closed=closed)


def person_rounds_open_due(*, person: User, today: date | None = None) -> int:
    """Schedule and open one person's due rounds at once (when they consent), instead of
    waiting for the next beat."""
    today = today or timezone.localdate()
    keys = set(Enrolment.objects.filter(learner=person).values_list("curriculum_key", flat=True))
    keys |= set(
        ParticipantStatus.objects.filter(person=person).values_list("curriculum_key", flat=True)
    )
    scheduled = [
        rounds_schedule(person=person, curriculum_key=key) for key in sorted(keys, key=str)
    ]
    if not any(scheduled):
        return 0
    return Round.objects.filter(
        person=person,
        completed_at__isnull=True,
        closed_at__isnull=True,
        opened_at__isnull=True,
        due_on__lte=today,
        due_on__gt=today - OPEN_WINDOW,
    ).update(opened_at=timezone.now())


def round_is_open(round_: Round) -> bool:
    return round_.opened_at is not None and round_.completed_at is None and round_.closed_at is None


def round_answers_submit(
    *,
    round_: Round,
    answers: dict[str, Decimal | str | None],
    channel: str,
    recorded_by: User,
) -> Round:
    """Store the answers of an open round and complete it. ``answers`` maps question keys to
    a number (money, count, rating) or a choice's stored value; empty answers are skipped.
    The form has validated each value against the instrument; here only what must hold
    whoever calls: the round is open, the person consents, numbers are finite and sane."""
    if channel not in Channel.values:
        raise SurveyError(_("Choose how the answers were collected."))
    rows = []
    for key, value in answers.items():
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            if not value.is_finite() or not (0 <= value < NUMBER_LIMIT):
                raise SurveyError(_("An answer is out of range."))
            rows.append(Answer(question_key=key[:60], number=value.quantize(Decimal("0.01"))))
        else:
            rows.append(Answer(question_key=key[:60], text=str(value)[:200]))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not collection_allowed(person=locked.person):
            raise SurveyError(
                _("This person has not consented to follow-up questions: nothing was saved.")
            )
        if not round_is_open(locked):
            raise SurveyError(_("This round is not open for answers: nothing was saved."))
        for row in rows:
            row.round = locked
        Answer.objects.filter(round=locked).delete()
        Answer.objects.bulk_create(rows)
        locked.completed_at = timezone.now()
        locked.channel = channel
        locked.recorded_by = recorded_by
        locked.save(update_fields=["completed_at", "channel", "recorded_by"])
    return locked
