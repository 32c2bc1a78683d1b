"""Demo only: a results programme in Brazil (CRESCER) and one in Chile (EmpleaT), with
targets (some reported only), the demo group counted under CRESCER, and records imported
from the bundled sample files, so that every part of the results report shows something
after ``manage.py up``. Safe to run again: everything is found or keyed before it is made."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from curriculum.models import CurriculumPage
from lms.accounts.consent import consent_active, consent_record
from lms.accounts.models import ConsentRecord, User
from lms.cohorts.models import LearnerGroup, Membership
from lms.participants.models import ParticipantProfile, ParticipantStatus
from lms.programmes.imports import ImportKind, results_import
from lms.programmes.models import Pillar, Programme, ProgrammeCurriculum
from lms.surveys.models import Answer, Round, RoundKind

SAMPLES = Path(__file__).resolve().parent.parent / "programmes" / "samples"
# lms.facilitation.services_demo's name: that app is a sibling in the top layer, not below.
DEMO_GROUP_NAME = "Jovens de Itabira (demonstração)"
PROGRAMMES = (
    ("crescer", "CRESCER", "BR", "Workforce and value-chain development around Itabira."),
    ("empleat", "EmpleaT", "CL", "Employability for women and youth in Antofagasta."),
)
# The demo learners' genders, for the breakdown by gender (the seed records their consent).
WOMEN = {"learner", "bruna", "daiane", "fabiana", "helena", "jussara"}


def _curricula() -> dict[str, CurriculumPage]:
    pages = CurriculumPage.objects.filter(locale__language_code="pt-br")
    return {page.kind: page for page in pages}


@transaction.atomic
def demo_results_seed() -> bool:
    """Create what is missing; return True when the programmes were new."""
    created = False
    programmes = {}
    for slug, name, country, description in PROGRAMMES:
        programme, new = Programme.objects.get_or_create(
            slug=slug, defaults={"name": name, "country": country, "description": description}
        )
        programmes[slug] = programme
        created = created or new
    curricula = _curricula()
    personal = curricula.get(CurriculumPage.Kind.PERSONAL_EFFECTIVENESS)
    enterprise = curricula.get(CurriculumPage.Kind.ENTERPRISE)
    for slug, page, pillar in (
        ("crescer", personal, Pillar.WORKFORCE),
        ("crescer", enterprise, Pillar.VALUE_CHAIN),
        ("empleat", personal, Pillar.WORKFORCE),
    ):
        if page is not None:
            ProgrammeCurriculum.objects.get_or_create(
                programme=programmes[slug],
                curriculum_key=page.translation_key,
                defaults={"pillar": pillar},
            )
    for kind in ImportKind:
        report = results_import(kind=kind, data=(SAMPLES / f"{kind}.csv").read_bytes(), user=None)
        if not report.ok:  # pragma: no cover - the samples are tested
            raise RuntimeError(f"demo sample {kind}: {report.file_error or report.errors[:3]}")
    group = LearnerGroup.objects.filter(name=DEMO_GROUP_NAME).first()
    if group is not None:
        if group.programme_id is None:
            LearnerGroup.objects.filter(pk=group.pk).update(programme=programmes["crescer"])
        _demo_group_participants(group)
    return created


def _demo_group_participants(group: LearnerGroup) -> None:
    """The demo group's learners as live participants: consent and a profile, a status
    (most trained after three weeks, one graduate to show the count) and the baseline round,
    and for the graduate a completed six-month follow-up. Kept if already there (the
    participants and surveys features keep them up to date from then on)."""
    now = timezone.now()
    facilitator = group.facilitators.first()
    members = list(
        User.objects.filter(
            pk__in=Membership.objects.filter(group=group).values("learner_id")
        ).order_by("username")
    )
    for n, person in enumerate(members):
        if consent_active(person=person, kind=ConsentRecord.Kind.FOLLOW_UP) is None:
            consent_record(
                person=person, kind=ConsentRecord.Kind.FOLLOW_UP, recorded_by=facilitator
            )
        if person.birth_year is None:
            User.objects.filter(pk=person.pk).update(birth_year=1996 + n % 10)
        ParticipantProfile.objects.get_or_create(
            person=person,
            defaults={
                "gender": "female" if person.username in WOMEN else "male",
                "municipality": group.municipality,
                "area": "urban" if n % 3 else "rural",
                "recorded_by": facilitator,
            },
        )
        graduate = n == 0
        trained = graduate or n % 4 != 3
        ParticipantStatus.objects.get_or_create(
            person=person,
            curriculum_key=group.curriculum_key,
            defaults={
                "group": group,
                "trained_at": (now - timedelta(days=230 if graduate else 3)) if trained else None,
                "graduated_at": now - timedelta(days=200) if graduate else None,
            },
        )
        income = Decimal(1200 + 50 * n)
        _round(person, group, RoundKind.BASELINE, now - timedelta(days=220), income, 3)
        if graduate:
            _round(person, group, RoundKind.MONTH_6, now - timedelta(days=20), income * 2, 4)


def _round(person, group, kind, when, income: Decimal, skill: int) -> None:
    survey, new = Round.objects.get_or_create(
        person=person,
        curriculum_key=group.curriculum_key,
        kind=kind,
        defaults={
            "programme_id": group.programme_id,
            "due_on": when.date(),
            "opened_at": when,
            "completed_at": when,
            "channel": "app",
        },
    )
    if new:
        Answer.objects.bulk_create(
            [
                Answer(round=survey, question_key="monthly_income", number=income),
                Answer(round=survey, question_key="soft_skill_communication", number=skill),
            ]
        )
