"""A small programme whose results were computed by hand (README: the report's arithmetic)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from lms.cohorts.models import LearnerGroup
from lms.core.roles import Role
from lms.participants.models import ParticipantProfile, ParticipantStatus
from lms.programmes.models import (
    ImportedParticipant,
    Institution,
    Programme,
    ProgrammeCurriculum,
    Target,
)
from lms.surveys.models import Answer, Round
from tests.factories import UserFactory

WORKFORCE_KEY = uuid.UUID("11111111-1111-1111-1111-111111111111")
VALUE_CHAIN_KEY = uuid.UUID("22222222-2222-2222-2222-222222222222")
TRAINED_ON = timezone.make_aware(datetime(2026, 3, 10, 12))
GRADUATED_ON = timezone.make_aware(datetime(2026, 6, 20, 12))


def manager(country: str):
    user = UserFactory(country=country)
    user.groups.add(Group.objects.get_or_create(name=Role.MANAGER.value)[0])
    return user


def _live(group, key, *, gender, birth_year, trained=False, graduated=False):
    person = UserFactory(birth_year=birth_year)
    if gender:
        ParticipantProfile.objects.create(person=person, gender=gender, area="rural")
    ParticipantStatus.objects.create(
        person=person,
        curriculum_key=key,
        group=group,
        trained_at=TRAINED_ON if trained or graduated else None,
        graduated_at=GRADUATED_ON if graduated else None,
    )
    return person


def _round(person, key, kind, answers, *, completed=True, due=date(2026, 1, 1)):
    survey = Round.objects.create(
        person=person,
        curriculum_key=key,
        kind=kind,
        due_on=due,
        completed_at=timezone.now() if completed else None,
    )
    for question, number in answers.items():
        Answer.objects.create(round=survey, question_key=question, number=Decimal(number))


def add_live_participants(programme, *, count: int, key=WORKFORCE_KEY) -> None:
    """More graduates with the full set of answers (for the query-count pin)."""
    group = LearnerGroup.objects.create(
        name="More", curriculum_key=key, country="BR", programme=programme,
        start_date=date(2026, 1, 5),
    )  # fmt: skip
    for n in range(count):
        person = _live(group, key, gender="female", birth_year=1990 + n % 20, graduated=True)
        _round(person, key, "baseline", {"monthly_income": 1000, "soft_skill_a": 2})
        _round(person, key, "m6", {"monthly_income": 1100, "soft_skill_a": 3}, due=date(2026, 7, 1))


@pytest.fixture
def results(db):
    """The hand-computed programme (see test_results.py for the expected tables)."""
    return results_build()


def results_build() -> dict:
    crescer = Programme.objects.create(name="CRESCER", slug="crescer", country="BR")
    ProgrammeCurriculum.objects.create(
        programme=crescer, pillar="workforce", curriculum_key=WORKFORCE_KEY
    )
    ProgrammeCurriculum.objects.create(
        programme=crescer, pillar="value_chain", curriculum_key=VALUE_CHAIN_KEY
    )
    g1 = LearnerGroup.objects.create(
        name="G1", curriculum_key=WORKFORCE_KEY, country="BR", programme=crescer,
        start_date=date(2026, 1, 5),
    )  # fmt: skip
    g2 = LearnerGroup.objects.create(
        name="G2", curriculum_key=VALUE_CHAIN_KEY, country="", programme=crescer,
        start_date=date(2026, 1, 5),
    )  # fmt: skip
    w, v = WORKFORCE_KEY, VALUE_CHAIN_KEY
    l1 = _live(g1, w, gender="female", birth_year=2000, graduated=True)
    _round(l1, w, "baseline", {"monthly_income": 1000, "soft_skill_a": 2, "soft_skill_b": 3})
    _round(l1, w, "m6", {"monthly_income": 1500, "soft_skill_a": 2}, due=date(2026, 12, 20))
    _round(
        l1, w, "m12", {"monthly_income": 2000, "soft_skill_a": 2, "soft_skill_b": 4},
        due=date(2027, 6, 20),
    )  # fmt: skip
    l2 = _live(g1, w, gender="male", birth_year=1980, trained=True)
    _round(l2, w, "baseline", {"monthly_income": 2000, "soft_skill_a": 3})
    _round(l2, w, "m6", {"monthly_income": 1500, "soft_skill_a": 3}, due=date(2026, 9, 10))
    l3 = _live(g1, w, gender="female", birth_year=None)
    _round(l3, w, "baseline", {"monthly_income": 500})
    _round(l3, w, "m6", {"monthly_income": 900}, completed=False, due=date(2026, 9, 10))
    l4 = _live(g2, v, gender="", birth_year=1990, graduated=True)
    _round(
        l4, v, "baseline",
        {"monthly_sales": 1000, "employees_full_time": 1, "employees_part_time": 1},
    )  # fmt: skip
    _round(
        l4, v, "m6", {"monthly_sales": 1250, "employees_full_time": 2, "employees_part_time": 1},
        due=date(2026, 12, 20),
    )  # fmt: skip
    # Someone in a group without a programme counts nowhere.
    stray = LearnerGroup.objects.create(
        name="No programme", curriculum_key=w, country="BR", start_date=date(2026, 1, 5)
    )
    _live(stray, w, gender="female", birth_year=1990, graduated=True)

    def imported(external_id, pillar, gender, birth_year, status, **values):
        ImportedParticipant.objects.create(
            programme=crescer, pillar=pillar, country="BR", external_id=external_id,
            gender=gender, birth_year=birth_year, status=status, **values,
        )  # fmt: skip

    imported(
        "I1", "workforce", "female", 1995, "graduated",
        baseline_income=Decimal(1000), followup_income=Decimal(1200),
        soft_skills_improved=True, jobs_supported=Decimal(1),
    )  # fmt: skip
    imported("I2", "workforce", "male", 1970, "dropped")
    imported(
        "I3", "value_chain", "female", 1985, "trained",
        baseline_sales=Decimal(2000), followup_sales=Decimal(1000),
        soft_skills_improved=False, jobs_created=Decimal("0.5"), jobs_supported=Decimal("1.5"),
    )  # fmt: skip
    for n, improved in enumerate([True, True, True, False]):
        Institution.objects.create(
            programme=crescer, pillar="ecosystem", country="BR", external_id=f"X{n}",
            name=f"Institution {n}", improved=improved,
        )  # fmt: skip
    for pillar, indicator, number in [
        ("workforce", "graduated", 4),
        ("value_chain", "trained", 4),
        ("ecosystem", "institutions_improved", 2),
        ("workforce", "jobs_created", 3),
        ("workforce", "jobs_supported", None),
    ]:
        Target.objects.create(
            programme=crescer, pillar=pillar, country="BR", indicator=indicator,
            target=number, due=date(2026, 12, 31),
        )  # fmt: skip
    # Another country's programme: a Brazilian manager must not see it.
    empleat = Programme.objects.create(name="EmpleaT", slug="empleat", country="CL")
    Target.objects.create(
        programme=empleat, pillar="workforce", country="CL", indicator="trained", target=10
    )
    ImportedParticipant.objects.create(
        programme=empleat, pillar="workforce", country="CL", external_id="C1",
        gender="female", birth_year=1999, status="graduated",
    )  # fmt: skip
    return {"crescer": crescer, "empleat": empleat, "later": GRADUATED_ON + timedelta(days=1)}
