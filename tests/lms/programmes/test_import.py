from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lms.core.roles import Role
from lms.programmes.imports import ImportKind, results_import
from lms.programmes.models import ImportedParticipant, Institution, Programme, Target
from tests.factories import UserFactory

SAMPLES = Path(__file__).resolve().parents[3] / "lms" / "programmes" / "samples"

PARTICIPANTS = (
    "programme,pillar,country,external_id,gender,birth_year,status,baseline_income,"
    "followup_income,baseline_sales,followup_sales,soft_skills_improved,jobs_created,"
    "jobs_supported\n"
    "crescer,workforce,BR,P-1,female,1990,graduated,1000,1500.50,,,sim,0.5,1\n"
    "crescer,workforce,BR,P-2,male,,trained,,,,,,,\n"
    "CRESCER,value_chain,br,P-3,,2001,dropped,800,700,2000,2600,não,-1,1.5\n"
)


@pytest.fixture
def programmes(db):
    return {
        "crescer": Programme.objects.create(name="CRESCER", slug="crescer", country="BR"),
        "empleat": Programme.objects.create(name="EmpleaT", slug="empleat", country="CL"),
    }


def _semicolons(text: str) -> str:
    """The same rows as a pt-BR spreadsheet saves them: `;` between columns, decimal commas."""
    return text.replace(",", ";").replace("1500.50", "1500,50").replace("0.5;", "0,5;")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimited", ["comma", "semicolon"])
def test_participants_import_in_both_encodings_and_delimiters(programmes, encoding, delimited):
    text = PARTICIPANTS if delimited == "comma" else _semicolons(PARTICIPANTS)
    report = results_import(kind=ImportKind.PARTICIPANTS, data=text.encode(encoding), user=None)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    first = ImportedParticipant.objects.get(external_id="P-1")
    assert first.programme == programmes["crescer"]
    assert first.followup_income == Decimal("1500.50")
    assert first.soft_skills_improved is True
    assert first.jobs_created == Decimal("0.5")
    second = ImportedParticipant.objects.get(external_id="P-2")
    assert second.birth_year is None and second.baseline_income is None
    third = ImportedParticipant.objects.get(external_id="P-3")
    assert (third.gender, third.country, third.pillar) == ("undisclosed", "BR", "value_chain")
    assert third.jobs_created == Decimal("-1") and third.soft_skills_improved is False


def test_cp1252_names_are_read(programmes):
    text = (
        "programme,pillar,country,external_id,name,improved\n"
        "crescer,ecosystem,BR,I-1,Sebrae Itabirá,sí\n"
    )
    report = results_import(kind=ImportKind.INSTITUTIONS, data=text.encode("cp1252"), user=None)
    assert report.ok
    assert Institution.objects.get().name == "Sebrae Itabirá"


def test_the_same_file_twice_changes_nothing(programmes):
    data = PARTICIPANTS.encode()
    results_import(kind=ImportKind.PARTICIPANTS, data=data, user=None)
    before = list(ImportedParticipant.objects.order_by("pk").values())
    again = results_import(kind=ImportKind.PARTICIPANTS, data=data, user=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(ImportedParticipant.objects.order_by("pk").values()) == before
    # A corrected file updates only the row that changed.
    fixed = results_import(
        kind=ImportKind.PARTICIPANTS, data=data.replace(b"P-2,male", b"P-2,female"), user=None
    )
    assert (fixed.created, fixed.updated, fixed.unchanged) == (0, 1, 2)
    assert ImportedParticipant.objects.get(external_id="P-2").gender == "female"


def test_bad_rows_import_nothing_and_are_each_reported(programmes):
    bad = PARTICIPANTS + (
        "nowhere,workforce,BR,P-4,female,1990,trained,,,,,,,\n"
        "crescer,mining,BR,P-5,woman,3000,trained,1.234,abc,,,maybe,,-2\n"
        "crescer,workforce,BR,P-1,female,1990,trained,,,,,,,\n"
        "crescer,workforce,BR\n"
    )
    report = results_import(kind=ImportKind.PARTICIPANTS, data=bad.encode(), user=None)
    assert not report.ok
    assert ImportedParticipant.objects.count() == 0
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (5, "programme"),
        (6, "pillar"),
        (6, "gender"),
        (6, "birth_year"),
        (6, "baseline_income"),
        (6, "followup_income"),
        (6, "soft_skills_improved"),
        (6, "jobs_supported"),
        (7, "external_id"),
        (8, ""),
    }
    assert "thousands" in next(e.message for e in report.errors if e.column == "baseline_income")


def test_report_messages_are_translated(programmes):
    from django.utils import translation

    with translation.override("pt-br"):
        report = results_import(
            kind=ImportKind.TARGETS,
            data=b"programme,pillar,country,indicator,target,due\ncrescer,workforce,BR,trained,-3,\n",
            user=None,
        )
    assert report.errors[0].column == "target"
    assert report.errors[0].message == "Fora do intervalo permitido."


def test_wrong_header_and_oversize_are_refused_as_a_whole(programmes):
    report = results_import(kind=ImportKind.TARGETS, data=b"programme;pillar\nx;y\n", user=None)
    assert "country" in report.file_error
    big = b"programme,pillar,country,indicator,target,due\n" + b"x" * (6 * 1024 * 1024)
    assert "too large" in results_import(kind=ImportKind.TARGETS, data=big, user=None).file_error


def test_targets_keyed_on_programme_pillar_country_and_indicator(programmes):
    text = (
        "programme;pillar;country;indicator;target;due\n"
        "crescer;workforce;BR;graduated;180;31/12/2026\n"
        "crescer;workforce;BR;jobs_supported;;\n"
    )
    assert results_import(kind=ImportKind.TARGETS, data=text.encode(), user=None).created == 2
    reported_only = Target.objects.get(indicator="jobs_supported")
    assert reported_only.target is None and reported_only.due is None
    again = results_import(
        kind=ImportKind.TARGETS, data=text.replace("180", "200").encode(), user=None
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert Target.objects.get(indicator="graduated").target == 200


def test_a_manager_imports_only_into_their_countrys_programmes(programmes):
    manager = UserFactory(country="CL")
    manager.groups.get_or_create(name=Role.MANAGER.value)
    from django.contrib.auth.models import Group

    manager.groups.add(Group.objects.get_or_create(name=Role.MANAGER.value)[0])
    report = results_import(kind=ImportKind.PARTICIPANTS, data=PARTICIPANTS.encode(), user=manager)
    assert {e.column for e in report.errors} == {"programme"}
    assert ImportedParticipant.objects.count() == 0


def test_the_command_imports_the_bundled_samples_and_reports_errors(programmes, tmp_path):
    out = StringIO()
    for kind in ("targets", "participants", "institutions"):
        call_command("import_results", "--kind", kind, str(SAMPLES / f"{kind}.csv"), stdout=out)
    assert Target.objects.filter(target__isnull=True).exists()
    assert ImportedParticipant.objects.count() == 60
    assert Institution.objects.filter(improved=True).count() == 6
    call_command(
        "import_results", "--kind", "participants", str(SAMPLES / "participants.csv"), stdout=out
    )
    assert "0 created, 0 updated, 60 unchanged" in out.getvalue()
    with pytest.raises(CommandError, match="Missing: external_id"):
        call_command(
            "import_results", "--kind", "participants", str(SAMPLES / "targets.csv"), stdout=out
        )
    bad = tmp_path / "bad_targets.csv"
    bad.write_text(
        "programme,pillar,country,indicator,target,due\ncrescer,workforce,XX,trained,1,\n"
    )
    errors = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_results", "--kind", "targets", str(bad), stdout=out, stderr=errors)
    assert "line 2, country" in errors.getvalue()
