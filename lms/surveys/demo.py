"""Demo only: survey rounds with answers, so the follow-up list and the results report have
something to show after ``manage.py up``.

* The demo group (the demo facilitator's current group): most learners consented when they
  joined three weeks ago; seven answered their baseline (two through the facilitator, by
  phone), the others, the demo ``learner`` among them, still have it open: they see the
  notice on My path and are listed for follow-up.
* An earlier class of the same facilitator, graduated seven months ago: baseline, endline and
  the 6-month follow-up answered by four of six, with incomes, sales and soft skills that moved.

The services schedule and open the rounds; dates are then set to when they would have
happened. Idempotent: a person whose rounds exist is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lms.accounts.consent import consent_active, consent_record
from lms.accounts.models import ConsentRecord, User
from lms.accounts.services import DEMO_PASSWORD, roles_setup
from lms.cohorts.joining import membership_join
from lms.cohorts.models import Enrolment, LearnerGroup, Membership
from lms.cohorts.services import group_create
from lms.core.roles import Role
from lms.participants.models import ParticipantStatus

from .models import Channel, Round, RoundKind
from .seeding import SKILLS, instruments_seed
from .services import months_after, round_answers_submit, rounds_schedule

EARLIER_GROUP_NAME = "Empreendedoras de Itabira, turma anterior (demonstração)"
GRADUATES = (
    ("lucia", "Lúcia", "Ferreira"), ("marcos", "Marcos", "Teixeira"),
    ("nadia", "Nádia", "Souza"), ("otavio", "Otávio", "Prado"),
    ("paula", "Paula", "Queiroz"), ("rita", "Rita", "Santana"),
)  # fmt: skip
# Current group: who never consented, and who has not answered the baseline yet.
NO_CONSENT = {"gilson"}
BASELINE_OPEN = {"learner", "edson", "kleber"}
BY_PHONE = {"igor", "jussara"}
FOLLOW_UP_MISSING = {"otavio", "rita"}


@dataclass(frozen=True)
class DemoSurveys:
    rounds: int
    answered: int


def _at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _answers(rng: random.Random, *, income: int, business: bool, skill: int) -> dict:
    values: dict = {
        "monthly_income": Decimal(income),
        "employment_status": "self_employed"
        if business
        else rng.choice(["employed", "unemployed"]),
    }
    if business:
        values["monthly_sales"] = Decimal(income * rng.randint(2, 4))
        values["employees_full_time"] = Decimal(rng.randint(0, 1))
        values["employees_part_time"] = Decimal(rng.randint(0, 2))
    for name, _labels in SKILLS:
        values[f"soft_skill_{name}"] = Decimal(max(1, min(5, skill + rng.randint(-1, 1))))
    return values


def _answer(round_: Round, values: dict, *, when: datetime, channel: str, by: User) -> None:
    Round.objects.filter(pk=round_.pk).update(opened_at=_at(round_.due_on, 8), closed_at=None)
    round_.refresh_from_db()
    round_answers_submit(round_=round_, answers=values, channel=channel, recorded_by=by)
    Round.objects.filter(pk=round_.pk).update(completed_at=when)


def _consent(person: User, *, on: date, by: User | None) -> None:
    record = consent_record(person=person, kind=ConsentRecord.Kind.FOLLOW_UP, recorded_by=by)
    ConsentRecord.objects.filter(pk=record.pk).update(recorded_at=_at(on, 10))


def _current_group(group: LearnerGroup, facilitator: User, rng: random.Random) -> int:
    answered = 0
    members = Membership.objects.filter(group=group).select_related("learner")
    for membership in members.order_by("joined_at", "pk"):
        person = membership.learner
        joined = timezone.localdate(membership.joined_at)
        # Already answered (a second seed), or never consented: nothing to do. The
        # participants' seed may have recorded the consent (and so scheduled the baseline)
        # already: then only the answers are added here.
        if Round.objects.filter(person=person, completed_at__isnull=False).exists():
            continue
        consented = consent_active(person=person, kind=ConsentRecord.Kind.FOLLOW_UP)
        if person.username in NO_CONSENT and consented is None:
            continue
        Enrolment.objects.filter(learner=person, curriculum_key=group.curriculum_key).update(
            created_at=membership.joined_at
        )
        if consented is None:
            _consent(person, on=joined, by=None)
        rounds = rounds_schedule(person=person, curriculum_key=group.curriculum_key)
        baseline = next(r for r in rounds if r.kind == RoundKind.BASELINE)
        Round.objects.filter(pk=baseline.pk).update(due_on=joined, opened_at=_at(joined, 8))
        baseline.refresh_from_db()
        if person.username in BASELINE_OPEN:
            continue
        business = rng.random() < 0.4
        phone = person.username in BY_PHONE
        _answer(
            baseline,
            _answers(rng, income=rng.randrange(700, 1600, 50), business=business, skill=2),
            when=_at(joined + timedelta(days=1 + rng.randint(0, 3))),
            channel=Channel.PHONE if phone else Channel.APP,
            by=facilitator if phone else person,
        )
        answered += 1
    return answered


def _earlier_group(
    group: LearnerGroup, facilitator: User, rng: random.Random, today: date
) -> tuple[LearnerGroup, int]:
    earlier = LearnerGroup.objects.filter(name=EARLIER_GROUP_NAME).first()
    start = today - timedelta(days=300)
    if earlier is None:
        earlier = group_create(
            name=EARLIER_GROUP_NAME,
            curriculum_key=group.curriculum_key,
            facilitators=[facilitator],
            created_by=facilitator,
            country="BR",
            municipality="Itabira",
            start_date=start,
        )
        LearnerGroup.objects.filter(pk=earlier.pk).update(programme=group.programme)
    graduated_on = months_after(today, -7)
    roles = roles_setup()
    answered = 0
    for username, first, last in GRADUATES:
        person, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "preferred_language": "pt-br"},
        )
        if created:
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
            person.groups.add(roles[Role.LEARNER])
        if Round.objects.filter(person=person).exists():
            continue
        membership_join(group=earlier, learner=person)
        Membership.objects.filter(group=earlier, learner=person).update(joined_at=_at(start, 9))
        Enrolment.objects.filter(learner=person, curriculum_key=earlier.curriculum_key).update(
            created_at=_at(start, 9)
        )
        ParticipantStatus.objects.update_or_create(
            person=person,
            curriculum_key=earlier.curriculum_key,
            defaults={
                "group": earlier,
                "sessions_done": 22,
                "attendance_share": Decimal("0.917"),
                "quizzes_passed": 20,
                "trained_at": _at(start + timedelta(days=30)),
                "graduated_at": _at(graduated_on, 17),
            },
        )
        _consent(person, on=start, by=facilitator)
        rounds = {
            r.kind: r for r in rounds_schedule(person=person, curriculum_key=earlier.curriculum_key)
        }
        Round.objects.filter(pk=rounds[RoundKind.BASELINE].pk).update(due_on=start)
        rounds[RoundKind.BASELINE].refresh_from_db()
        business = username in ("lucia", "nadia", "paula", "rita")
        income = rng.randrange(800, 1400, 50)
        growth = Decimal(rng.choice(["1.15", "1.25", "1.35", "1.5", "0.95"]))
        story = [
            (RoundKind.BASELINE, income, 2, start + timedelta(days=2)),
            (RoundKind.ENDLINE, int(income * (1 + (growth - 1) / 2)), 3, graduated_on),
        ]
        if username not in FOLLOW_UP_MISSING:
            story.append(
                (
                    RoundKind.MONTH_6,
                    int(income * growth),
                    4,
                    months_after(graduated_on, 6) + timedelta(days=3),
                )
            )
        for kind, amount, skill, day in story:
            values = _answers(rng, income=amount, business=business, skill=skill)
            _answer(rounds[kind], values, when=_at(day), channel=Channel.APP, by=person)
            answered += 1
        # The 6-month round opened a month ago; those who have not answered are followed up.
        six = rounds[RoundKind.MONTH_6]
        if username in FOLLOW_UP_MISSING:
            Round.objects.filter(pk=six.pk).update(opened_at=_at(six.due_on, 8))
    return earlier, answered


def demo_surveys_create(*, today: date | None = None) -> DemoSurveys | None:
    """The demo's instruments, rounds and answers (see the module docstring). None when the
    demo group is not there yet."""
    instruments_seed()
    today = today or timezone.localdate()
    facilitator = User.objects.filter(username="facilitator").first()
    group = (
        LearnerGroup.objects.filter(facilitators=facilitator)
        .exclude(name=EARLIER_GROUP_NAME)
        .order_by("created_at", "pk")
        .first()
        if facilitator
        else None
    )
    if group is None:
        return None
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not a secret
    with transaction.atomic():
        answered = _current_group(group, facilitator, rng)
        earlier, more = _earlier_group(group, facilitator, rng, today)
    rounds = Round.objects.filter(group__in=[group, earlier]).count()
    return DemoSurveys(rounds=rounds, answered=answered + more)
