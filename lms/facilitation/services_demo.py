"""Demo only: a facilitated group with a few weeks of history, so that the facilitator
screens have something to show after ``manage.py up``."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from curriculum import api as curriculum_api
from curriculum.data import QuizDef
from curriculum.models import CurriculumPage
from lms.accounts.models import User
from lms.accounts.services import DEMO_PASSWORD, roles_setup
from lms.cohorts.models import (
    AttendanceChange,
    AttendanceRecord,
    LearnerGroup,
    Membership,
    ScheduledSession,
)
from lms.cohorts.services import (
    attendance_record,
    group_create,
    membership_join,
    schedule_generate,
)
from lms.core.roles import Role
from lms.progress.models import BlockProgress, SessionProgress, SessionVisit
from lms.progress.services import session_visit_record
from lms.quizzes.models import QuizAttempt, QuizResult
from lms.quizzes.services import quiz_attempt_submit

DEMO_GROUP_NAME = "Jovens de Itabira (demonstração)"
DEMO_LEARNERS = (
    ("bruna", "Bruna", "Alves"), ("caio", "Caio", "Moreira"), ("daiane", "Daiane", "Rocha"),
    ("edson", "Edson", "Pires"), ("fabiana", "Fabiana", "Lopes"), ("gilson", "Gilson", "Reis"),
    ("helena", "Helena", "Castro"), ("igor", "Igor", "Nunes"), ("jussara", "Jussara", "Melo"),
    ("kleber", "Kleber", "Dias"),
)  # fmt: skip


def _responses(quiz: QuizDef, rng: random.Random, skill: float) -> dict[str, list[str]]:
    """Answers from someone who gets each question right with probability ``skill``."""
    answers = {}
    for question in quiz.questions:
        right = rng.random() < skill
        if question.is_numeric:
            value = question.answer if right else question.answer + question.tolerance + 10
            answers[question.id] = [format(value, "f")]
            continue
        correct = [o.id for o in question.options if o.correct]
        wrong = [o.id for o in question.options if not o.correct]
        answers[question.id] = correct if right or not wrong else [rng.choice(wrong)]
    return answers


# When things happened in the demo: the register is taken as a session starts, a late
# arrival is corrected half an hour in, and learners open the lesson and do its quiz at home
# on the evening of the session day or the next one.
SESSION_STARTS = time(14, 0)
REGISTER_MINUTES = 5
LATE_CORRECTED_MINUTES = 30
STUDY_HOURS = (19, 20, 21)
QUIZ_MINUTES = (6, 12)  # from opening the lesson to submitting


def _at(day: date, moment: time, *, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment)) + timedelta(minutes=minutes)


def _attendance_stamp(scheduled: ScheduledSession, learner: User, n: int) -> None:
    """The register of ``scheduled`` taken as it starts, one learner after the other; a
    correction (absent, then late) half an hour later."""
    starts = _at(scheduled.date, scheduled.starts_at or SESSION_STARTS)
    changes = list(
        AttendanceChange.objects.filter(scheduled=scheduled, learner=learner).order_by("pk")
    )
    for change, moment in zip(
        changes,
        [
            starts + timedelta(minutes=REGISTER_MINUTES, seconds=20 * n),
            starts + timedelta(minutes=LATE_CORRECTED_MINUTES),
        ],
        strict=False,
    ):
        AttendanceChange.objects.filter(pk=change.pk).update(changed_at=moment)
        AttendanceRecord.objects.filter(pk=change.record_id).update(updated_at=moment)


def _study_stamp(
    user: User, session_key: uuid.UUID, day: date, rng: random.Random, now: datetime
) -> None:
    """The learner's visit, quiz attempts and progress in one session, moved to an evening
    just after the session day (never later than ``now``)."""
    opened = _at(day + timedelta(days=rng.choice((0, 0, 1))), time(rng.choice(STUDY_HOURS)))
    opened = min(opened + timedelta(minutes=rng.randrange(50)), now - timedelta(hours=1))
    SessionVisit.objects.filter(learner=user, session_key=session_key).update(started_at=opened)
    latest = opened
    attempts = QuizAttempt.objects.filter(learner=user, session_key=session_key).order_by("pk")
    for attempt in attempts:
        started = latest + timedelta(minutes=1)
        latest = started + timedelta(minutes=rng.randint(*QUIZ_MINUTES))
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            started_at=started,
            submitted_at=latest,
            duration_seconds=int((latest - started).total_seconds()),
        )
        QuizResult.objects.filter(latest_attempt=attempt).update(last_submitted_at=latest)
    blocks = BlockProgress.objects.filter(learner=user, session_key=session_key)
    blocks.update(updated_at=latest)
    blocks.filter(completed_at__isnull=False).update(completed_at=latest)
    summaries = SessionProgress.objects.filter(learner=user, session_key=session_key)
    summaries.update(last_visited_at=opened, last_activity_at=latest)
    summaries.filter(completed_at__isnull=False).update(completed_at=latest)


@transaction.atomic
def demo_group_create() -> LearnerGroup | None:
    """The demo group (once): the demo facilitator, the pt-BR demo learner and ten more,
    sessions twice a week from three weeks ago, attendance and quiz attempts so far. Every
    record is dated when it would have happened (the register at each session, lessons and
    quizzes the evenings after), so "last activity" and the learner pages read as three
    real weeks."""
    if LearnerGroup.objects.filter(name=DEMO_GROUP_NAME).exists():
        return None
    curriculum = CurriculumPage.objects.filter(
        kind=CurriculumPage.Kind.PERSONAL_EFFECTIVENESS, locale__language_code="pt-br"
    ).first()
    facilitator = User.objects.filter(username="facilitator").first()
    if curriculum is None or facilitator is None:
        return None
    roles = roles_setup()
    outline = curriculum_api.curriculum_outline(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    sessions = [s for m in outline.modules for s in m.sessions]
    now = timezone.now()
    today = timezone.localdate(now)
    start = today - timedelta(days=21)
    group = group_create(
        name=DEMO_GROUP_NAME,
        curriculum_key=curriculum.translation_key,
        facilitators=[facilitator],
        created_by=facilitator,
        country="BR",
        municipality="Itabira",
        start_date=start,
    )
    schedule = schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for s in sessions],
        first_date=start,
        weekdays=[1, 3],  # Tuesdays and Thursdays
    )
    learners = list(User.objects.filter(username="learner"))
    for username, first, last in DEMO_LEARNERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "preferred_language": "pt-br"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(roles[Role.LEARNER])
        learners.append(user)
    for user in learners:
        membership_join(group=group, learner=user)
    # The group was set up the week before it started; the learners joined in the days after.
    set_up = _at(start - timedelta(days=7), time(10, 0))
    LearnerGroup.objects.filter(pk=group.pk).update(created_at=set_up, updated_at=set_up)
    for n, user in enumerate(learners):
        Membership.objects.filter(group=group, learner=user).update(
            joined_at=set_up + timedelta(days=1 + n % 5, hours=n)
        )

    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not a secret
    by_key = {s.key: s for s in sessions}
    for scheduled in (s for s in schedule if s.date < today):
        outline_of = by_key[scheduled.session_key]
        page = curriculum_api.session_live(page_id=outline_of.page_id)
        quizzes = [b.id for b in page.body if b.block_type == "quiz"]
        for n, user in enumerate(learners):
            # Two learners drift away: absent lately and without quizzes.
            drifting = n in (3, 7) and scheduled.date > start + timedelta(days=7)
            status = "absent" if drifting else rng.choice(["present"] * 8 + ["late", "excused"])
            if status == "late":  # marked absent at the start, corrected on arrival
                attendance_record(
                    scheduled=scheduled, learner=user, status="absent", recorded_by=facilitator
                )
            attendance_record(
                scheduled=scheduled, learner=user, status=status, recorded_by=facilitator
            )
            _attendance_stamp(scheduled, user, n)
            if drifting:
                continue
            session_visit_record(learner=user, outline=outline_of, language="pt-br")
            for block_id in quizzes:
                quiz = curriculum_api.session_quiz(session=page, block_id=block_id)
                skill = 0.45 if n == 5 else 0.8
                for _try in range(2 if n == 5 else 1):
                    quiz_attempt_submit(
                        learner=user,
                        outline=outline_of,
                        quiz=quiz,
                        responses=_responses(quiz, rng, skill),
                        token=uuid.uuid4(),
                        language="pt-br",
                    )
            _study_stamp(user, outline_of.key, scheduled.date, rng, now)
    return group
