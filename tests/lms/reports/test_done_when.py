"""The issue's "done when", through the same views people use (Django's test client; the
browser version is not written yet): a learner joins a group, fills the profile and consents,
answers the baseline; the facilitator's register makes them graduate under the curriculum's
rule; the certificate downloads and its verification page answers; six months later (time
moved forward) the follow-up round opens, the learner answers, and the manager's report
counts them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lms.cohorts.joining import membership_join
from lms.cohorts.services import attendance_record
from lms.participants.models import Certificate, GraduationRule, ParticipantStatus
from lms.programmes.models import Programme, ProgrammeCurriculum
from lms.surveys.models import Round
from lms.surveys.seeding import instruments_seed
from lms.surveys.services import rounds_open_due
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    SessionPageFactory,
    UserFactory,
)
from tests.lms.cohorts.factories import LearnerGroupFactory, ScheduledSessionFactory
from tests.lms.facilitation.helpers import url

from .conftest import manager
from .test_views import _screen_tables

ANSWERS = {
    "q_employment_status": "self_employed",
    "q_monthly_sales": "",
    "q_employees_full_time": "",
    "q_employees_part_time": "",
    "q_soft_skill_communication": "3",
    "q_soft_skill_teamwork": "3",
    "q_soft_skill_planning": "3",
    "q_soft_skill_confidence": "3",
    "q_soft_skill_problem_solving": "3",
}


def test_a_learner_counted_from_enrolment_to_the_six_month_follow_up(
    client, catalogue, django_capture_on_commit_callbacks
):
    instruments_seed()
    curriculum = CurriculumPageFactory(parent=catalogue, title="Eficácia pessoal")
    curriculum.save_revision().publish()
    module = ModulePageFactory(parent=curriculum)
    module.save_revision().publish()
    session = SessionPageFactory(parent=module, number=1, title="Sessão 1")
    session.save_revision().publish()
    GraduationRule.objects.create(
        curriculum=curriculum, trained_min_sessions=1, graduated_min_percent=100,
        required_sessions="1", graduated_min_quizzes=0,
    )  # fmt: skip
    key = curriculum.translation_key
    crescer = Programme.objects.create(name="CRESCER", slug="crescer", country="BR")
    ProgrammeCurriculum.objects.create(programme=crescer, pillar="workforce", curriculum_key=key)
    facilitator = UserFactory()
    group = LearnerGroupFactory(
        curriculum_key=key, facilitators=[facilitator], programme=crescer, country="BR"
    )
    scheduled = ScheduledSessionFactory(
        group=group, session_key=session.translation_key, number=1,
        date=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip

    learner = UserFactory(birth_year=1996, preferred_language="pt-br")
    membership_join(group=group, learner=learner)
    client.force_login(learner)
    profile = {
        "gender": "female", "municipality": "Itabira", "area": "urban",
        "schooling": "secondary", "employment_status": "self_employed", "consent": "on",
    }  # fmt: skip
    assert client.post(url("participants:my_profile"), profile).status_code == 302
    baseline = Round.objects.get(person=learner, kind="baseline")
    answered = client.post(
        url("surveys:answer", baseline.pk), {**ANSWERS, "q_monthly_income": "1.000"}
    )
    assert answered.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):  # standing is refreshed on commit
        attendance_record(
            scheduled=scheduled, learner=learner, status="present", recorded_by=facilitator
        )
    status = ParticipantStatus.objects.get(person=learner, curriculum_key=key)
    assert status.graduated_at is not None and status.group == group

    pdf = client.get(url("participants:certificate_download", str(key)))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    code = Certificate.objects.get(person=learner, curriculum_key=key).code
    client.logout()
    assert client.get(url("participants:verify", code)).status_code == 200

    later = timezone.localdate() + timedelta(days=190)
    rounds_open_due(today=later)
    six = Round.objects.get(person=learner, kind="m6")
    assert six.opened_at is not None
    client.force_login(learner)
    answered = client.post(url("surveys:answer", six.pk), {**ANSWERS, "q_monthly_income": "1.500"})
    assert answered.status_code == 302

    client.force_login(manager("BR"))
    page = client.get(url("reports:results"))
    assert page.status_code == 200
    tables = _screen_tables(page.content.decode())
    pillar = "Desenvolvimento da força de trabalho"
    # No target for it: trained and graduated reported only.
    assert tables["results"][1] == [
        pillar, "Participantes capacitados", "Brasil", "só informado", "1", "1", "1", "",
    ]  # fmt: skip
    # One woman, income from 1,000 to 1,500 (+50 %), a graduate with a higher income, no
    # soft skill rated higher.
    assert tables["outcomes_pillar"][1] == [pillar, "1", "100", "50", "100", "0", "", "", "", ""]
