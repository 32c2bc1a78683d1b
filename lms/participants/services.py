"""Keeping each participant's standing up to date. ``participant_status_refresh`` recounts one
person in one curriculum from the learning records (attendance, self-paced completion, quiz
results) in a handful of queries; the receivers in ``receivers.py`` call it after each change
is committed. Timestamps of trained and graduated are set once and never taken back; graduation
issues the certificate."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from curriculum import api as curriculum_api
from lms.accounts.models import User
from lms.cohorts.models import (
    AttendanceRecord,
    AttendanceStatus,
    Enrolment,
    Membership,
    ScheduledSession,
)
from lms.progress.models import SessionProgress
from lms.quizzes.models import QuizResult

from .models import Certificate, ParticipantStatus
from .rules import Facts, rule_for, standing_evaluate

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def _sessions_for_level(curriculum_key: UUID, level: int | None):
    outlines = curriculum_api.session_outlines(
        curriculum_key=curriculum_key, language=settings.LANGUAGE_CODE
    )
    if level is None:
        return outlines
    return [o for o in outlines if not o.levels or level in o.levels]


def participant_facts(*, person: User, curriculum_key: UUID) -> tuple[Facts, int | None]:
    """The counts a rule is applied to, and the participant's group in this curriculum (the
    latest one joined). Six queries at most; the outline comes from its cache."""
    level = (
        Enrolment.objects.filter(learner=person, curriculum_key=curriculum_key)
        .values_list("level", flat=True)
        .first()
    )
    outlines = _sessions_for_level(curriculum_key, level)
    number_of = {o.key: o.number for o in outlines}
    quiz_blocks = {(o.key, q.block_id) for o in outlines for q in o.quizzes}
    group_id = (
        Membership.objects.filter(learner=person, group__curriculum_key=curriculum_key)
        .order_by("-joined_at", "-pk")
        .values_list("group_id", flat=True)
        .first()
    )
    attended = set(
        AttendanceRecord.objects.filter(
            learner=person,
            status__in=ATTENDED,
            scheduled__group__curriculum_key=curriculum_key,
        ).values_list("scheduled__session_key", flat=True)
    )
    completed = set(
        SessionProgress.objects.filter(
            learner=person, curriculum_key=curriculum_key, completed_at__isnull=False
        ).values_list("session_key", flat=True)
    )
    done_keys = (attended | completed) & number_of.keys()
    passed = sum(
        (key, block) in quiz_blocks
        for key, block in QuizResult.objects.filter(
            learner=person, passed=True, session_key__in=list(number_of)
        ).values_list("session_key", "block_id")
    )
    if group_id is not None:
        held_keys = (
            set(
                ScheduledSession.objects.filter(
                    group_id=group_id, date__lte=timezone.localdate()
                ).values_list("session_key", flat=True)
            )
            & number_of.keys()
        )
    else:
        held_keys = set(number_of)
    facts = Facts(
        total=len(number_of),
        held=len(held_keys),
        done_numbers=frozenset(number_of[k] for k in done_keys),
        done_in_held=len(done_keys & held_keys),
        quizzes_passed=passed,
        quizzes_total=len(quiz_blocks),
    )
    return facts, group_id


def participant_status_refresh(*, person: User, curriculum_key: UUID) -> ParticipantStatus:
    """Recompute one participant's standing in one curriculum and save it; issue the
    certificate the first time they graduate. Safe to run again at any time."""
    facts, group_id = participant_facts(person=person, curriculum_key=curriculum_key)
    numbers = sorted(
        o.number for o in _sessions_for_level(curriculum_key, None)
    )  # the rule's defaults look at the whole curriculum
    rule = rule_for(
        curriculum_key=curriculum_key, session_numbers=numbers, quizzes_total=facts.quizzes_total
    )
    standing = standing_evaluate(rule=rule, facts=facts)
    now = timezone.now()
    with transaction.atomic():
        status, _created = ParticipantStatus.objects.select_for_update().get_or_create(
            person=person, curriculum_key=curriculum_key
        )
        status.group_id = group_id
        status.sessions_done = standing.sessions_done
        status.attendance_share = standing.attendance_share
        status.quizzes_passed = facts.quizzes_passed
        status.on_track = standing.on_track
        if standing.trained and status.trained_at is None:
            status.trained_at = now
        if standing.graduated and status.graduated_at is None:
            status.graduated_at = now
            status.trained_at = status.trained_at or now  # a graduate counts as trained too
        status.save()
    if status.graduated_at is not None:
        certificate_issue(person=person, curriculum_key=curriculum_key, at=status.graduated_at)
    return status


def certificate_issue(*, person: User, curriculum_key: UUID, at=None) -> Certificate:
    """The graduate's certificate: created once, with a new random verification code."""
    try:
        with transaction.atomic():
            certificate, _created = Certificate.objects.get_or_create(
                person=person,
                curriculum_key=curriculum_key,
                defaults={"issued_at": at or timezone.now()},
            )
    except IntegrityError:  # issued at the same moment by another refresh
        certificate = Certificate.objects.get(person=person, curriculum_key=curriculum_key)
    return certificate


def curricula_of(*, person_id: int) -> list[UUID]:
    return list(
        Enrolment.objects.filter(learner_id=person_id).values_list("curriculum_key", flat=True)
    )


def curriculum_statuses_refresh(*, curriculum_key: UUID) -> int:
    """Recompute everyone enrolled in a curriculum (after its rule changed); returns how many."""
    learners = (
        User.objects.filter(
            Q(enrolments__curriculum_key=curriculum_key)
            | Q(memberships__group__curriculum_key=curriculum_key)
        )
        .distinct()
        .order_by("pk")
    )
    count = 0
    for person in learners.iterator(chunk_size=500):
        participant_status_refresh(person=person, curriculum_key=curriculum_key)
        count += 1
    return count
