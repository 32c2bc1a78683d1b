"""Demo only: a results programme in Brazil (CRESCER) and one in Chile (EmpleaT), with
targets (some reported only), the demo group counted under CRESCER, and records imported
from the bundled sample files, so that every part of the results report shows something
after ``manage.py up``. The demo group's live participants (profiles, consent, standing,
survey rounds) come from the participants' and surveys' demo seeds; ``seed_demo`` runs this
one before the surveys' so their rounds belong to CRESCER. Safe to run again: everything is
found or keyed before it is made."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from curriculum.models import CurriculumPage
from lms.cohorts.models import LearnerGroup
from lms.programmes.imports import ImportKind, results_import
from lms.programmes.models import Pillar, Programme, ProgrammeCurriculum

SAMPLES = Path(__file__).resolve().parent.parent / "programmes" / "samples"
# lms.facilitation.services_demo's name: that app is a sibling in the top layer, not below.
DEMO_GROUP_NAME = "Jovens de Itabira (demonstração)"
PROGRAMMES = (
    ("crescer", "CRESCER", "BR", "Workforce and value-chain development around Itabira."),
    ("empleat", "EmpleaT", "CL", "Employability for women and youth in Antofagasta."),
)


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
    LearnerGroup.objects.filter(name=DEMO_GROUP_NAME, programme__isnull=True).update(
        programme=programmes["crescer"]
    )
    return created
