"""Demo only: profiles, consents and standings for the demo group's learners, so the
dashboard shows who is on track and who graduated, and the demo learner finds a certificate
on My path. Idempotent; a few hundred queries."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from curriculum import api as curriculum_api
from curriculum.data import QuizDef
from lms.accounts.models import ConsentRecord, User
from lms.cohorts.models import LearnerGroup, Membership
from lms.progress.models import SessionProgress
from lms.quizzes.models import QuizResult
from lms.quizzes.services import quiz_attempt_submit

from .consent import FOLLOW_UP_TEXT_VERSION
from .models import ParticipantProfile
from .services import participant_status_refresh

# The demo learner and one more studied ahead and finished the course on their own.
AHEAD = ("learner", "kleber")
PROFILES = (  # gender, area, schooling, employment, cycled over the group
    ("female", "urban", "secondary", "unemployed"),
    ("male", "rural", "primary", "self_employed"),
    ("female", "rural", "secondary", "home"),
    ("male", "urban", "technical", "employed"),
    ("undisclosed", "urban", "secondary", "studying"),
)


def _right_answers(quiz: QuizDef) -> dict[str, list[str]]:
    return {
        q.id: [format(q.answer, "f")] if q.is_numeric else [o.id for o in q.options if o.correct]
        for q in quiz.questions
    }


def _profiles(members: list[User], facilitator: User | None) -> None:
    consented = set(
        ConsentRecord.objects.filter(
            person__in=members, kind=ConsentRecord.Kind.FOLLOW_UP
        ).values_list("person_id", flat=True)
    )
    for n, person in enumerate(members):
        if person.pk in consented:
            continue
        # Most consented on their phones at enrolment; every third was recorded by the
        # facilitator (no phone); one said no and has no profile.
        if n == 4:
            continue
        by = facilitator if n % 3 == 2 and facilitator else person
        ConsentRecord.objects.create(
            person=person,
            kind=ConsentRecord.Kind.FOLLOW_UP,
            notice_version=FOLLOW_UP_TEXT_VERSION,
            recorded_by=by,
        )
        gender, area, schooling, employment = PROFILES[n % len(PROFILES)]
        ParticipantProfile.objects.update_or_create(
            person=person,
            defaults={
                "gender": gender,
                "municipality": "Itabira",
                "area": area,
                "schooling": schooling,
                "employment_status": employment,
                "recorded_by": by,
            },
        )


def _finish_ahead(person: User, curriculum_key: uuid.UUID) -> None:
    """Every session completed self-paced and every quiz passed, over the last weeks."""
    outlines = curriculum_api.session_outlines(curriculum_key=curriculum_key, language="pt-br")
    now = timezone.now()
    done = set(
        SessionProgress.objects.filter(
            learner=person, curriculum_key=curriculum_key, completed_at__isnull=False
        ).values_list("session_key", flat=True)
    )
    passed = set(
        QuizResult.objects.filter(learner=person, passed=True).values_list(
            "session_key", "block_id"
        )
    )
    for n, outline in enumerate(outlines):
        for quiz_text in outline.quizzes:
            if (outline.key, quiz_text.block_id) in passed:
                continue
            page = curriculum_api.session_live(page_id=outline.page_id)
            quiz = curriculum_api.session_quiz(session=page, block_id=quiz_text.block_id)
            if quiz is not None:
                quiz_attempt_submit(
                    learner=person,
                    outline=outline,
                    quiz=quiz,
                    responses=_right_answers(quiz),
                    token=uuid.uuid4(),
                    language="pt-br",
                )
        if outline.key not in done:
            when = now - timedelta(days=len(outlines) - n, hours=3)
            SessionProgress.objects.update_or_create(
                learner=person,
                session_key=outline.key,
                defaults={
                    "curriculum_key": curriculum_key,
                    "required_blocks": len(outline.required),
                    "completed_blocks": len(outline.required),
                    "progress": 1.0,
                    "completed_at": when,
                    "last_activity_at": when,
                },
            )


def demo_participants_seed() -> int:
    """Returns how many standings were refreshed (0 when there is no demo group yet)."""
    facilitator = User.objects.filter(username="facilitator").first()
    groups = list(LearnerGroup.objects.filter(facilitators=facilitator)) if facilitator else []
    count = 0
    for group in groups:
        members = [m.learner for m in Membership.objects.filter(group=group).in_name_order()]
        with transaction.atomic():
            _profiles(members, facilitator)
            for person in members:
                if person.username in AHEAD:
                    _finish_ahead(person, group.curriculum_key)
        for person in members:
            participant_status_refresh(person=person, curriculum_key=group.curriculum_key)
            count += 1
    return count
