"""Demo only: a facilitated group with a few weeks of history, so that the facilitator
screens have something to show after ``manage.py up``."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from curriculum import api as curriculum_api
from curriculum.data import QuizDef
from curriculum.models import CurriculumPage
from lms.accounts.models import User
from lms.accounts.services import DEMO_PASSWORD, roles_setup
from lms.cohorts.models import LearnerGroup
from lms.cohorts.services import (
    attendance_record,
    group_create,
    membership_join,
    schedule_generate,
)
from lms.core.roles import Role
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


@transaction.atomic
def demo_group_create() -> LearnerGroup | None:
    """The demo group (once): the demo facilitator, the pt-BR demo learner and ten more,
    sessions twice a week from three weeks ago, attendance and quiz attempts so far."""
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
    start = timezone.localdate() - timedelta(days=21)
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

    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not a secret
    today = timezone.localdate()
    by_key = {s.key: s for s in sessions}
    for scheduled in (s for s in schedule if s.date < today):
        outline_of = by_key[scheduled.session_key]
        page = curriculum_api.session_live(page_id=outline_of.page_id)
        quizzes = [b.id for b in page.body if b.block_type == "quiz"]
        for n, user in enumerate(learners):
            # Two learners drift away: absent lately and without quizzes.
            drifting = n in (3, 7) and scheduled.date > start + timedelta(days=7)
            status = "absent" if drifting else rng.choice(["present"] * 8 + ["late", "excused"])
            attendance_record(
                scheduled=scheduled, learner=user, status=status, recorded_by=facilitator
            )
            if drifting:
                continue
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
    return group
