"""A learner with a record of every kind: attendance, progress, quiz attempts, a reflection, a
life plan, a facilitator's note, an e-mail address and a consent."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from lms.accounts.consent import consent_record
from lms.accounts.models import ConsentRecord
from lms.cohorts.services import attendance_record
from lms.facilitation.services import note_about_learner_create
from lms.portfolio.models import Reflection
from lms.portfolio.services import life_plan_get_or_create
from lms.progress.models import SessionVisit
from tests.lms.cohorts.factories import attempt_add

PASSWORD = "a-long-enough-pass-7"


def full_record(*, group, person, others, facilitator, outlines):
    person.email = "ana@example.org"
    person.phone = "+55 31 99999-0000"
    person.last_name = "Souza"
    person.set_password(PASSWORD)
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    held = list(group.schedule.order_by("date"))
    for n, someone in enumerate([person, *others]):
        attendance_record(
            scheduled=held[0],
            learner=someone,
            status="present" if n % 2 == 0 else "absent",
            recorded_by=facilitator,
        )
        attempt_add(someone, outlines[0].key, answers={"q1": n % 2 == 0, "q2": True})
    attempt_add(person, outlines[0].key, answers={"q1": True, "q2": True})
    SessionVisit.objects.create(learner=person, session_key=outlines[0].key, language="pt-br")
    Reflection.objects.create(
        learner=person,
        session_key=outlines[0].key,
        block_id="r1",
        prompt="What will you change?",
        text="Vou anotar cada venda.",
        shared=True,
    )
    plan = life_plan_get_or_create(learner=person)
    plan.dreams = "Abrir uma padaria."
    plan.save()
    note_about_learner_create(
        group=group, learner=person, author=facilitator, text="Falta por doença."
    )
    consent_record(person=person, kind=ConsentRecord.Kind.PRIVACY_NOTICE, recorded_by=person)
