"""Property: a phone's events reach the server whole and once, however the network treats
them.

Hypothesis makes 40 phones' worth of 250 events each (10,000 in all) for a learner (video and
block progress, reflections, quiz submissions, good and bad, the life plan, and its steps
added, changed and removed, cash-book entries created, corrected and deleted) and a facilitator
(attendance taps), plus a few events of another learner left on the same phone. Each run
delivers them the way a weak network does: batches cut at random, events reordered and sent
again, answers lost on the way back (so the phone sends what the server already holds), part
through the HTTP endpoint and part straight to the service. The final state must equal the
state of applying each event once, in the order the events happened: nothing lost, nothing
doubled. Compared: progress rows, session summaries, quiz attempts and results, reflections
with their history, the life plan, its steps (removal markers too) with their history, the cash
book's live entries and month totals, which entries are deleted, attendance and the held ids.
Not compared: which attempt is the "latest" one and arrival timestamps, which depend on arrival
by nature; a cash-book entry's history (a correction arriving before its create makes the entry
with the corrected values, so the history holds fewer steps), when an entry last changed (two
creates of one entry, alike but for their times, keep the first to arrive) and what a deleted
entry said when it was deleted.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from curriculum import api as curriculum_api
from lms.api.events import event_parse
from lms.api.models import SyncEvent
from lms.api.services import EventRefused, _Sessions, sync_batch_apply, sync_event_apply
from lms.business.models import Entry, MonthSummary
from lms.business.services import business_create
from lms.cohorts.models import AttendanceRecord
from lms.portfolio.models import (
    LifePlan,
    LifePlanStep,
    LifePlanStepRevision,
    Reflection,
    ReflectionRevision,
)
from lms.progress.models import BlockProgress, SessionProgress
from lms.quizzes.models import QuizAttempt, QuizResult
from tests.lms.api.conftest import event

pytestmark = pytest.mark.django_db(transaction=False)

EVENTS_PER_PHONE = 250
PHONES = 40
KINDS = (
    "video_progress",
    "block_progress",
    "reflection",
    "quiz_submit",
    "life_plan",
    "life_plan_step",
    "attendance",
    "book_entry",
)
TEXTS = ("Vou poupar", "Vender na feira", "Pedir ajuda", "Guardar recibos")
# A few steps per phone, added, changed and removed again and again (fewer than the maximum).
STEP_KEYS = [str(uuid.UUID(int=n + 1)) for n in range(5)]
DATES = ("", "2027-01-15", "2027-06-30")
# A few cash-book entries per phone, each created, corrected and deleted in any order.
ENTRY_KEYS = [str(uuid.UUID(int=n + 101)) for n in range(6)]
BOOK_LINES = (
    ("sale", "goods"),
    ("expense", "rent"),
    ("expense", "household"),
    ("draw", "take_home"),
)
AMOUNTS = ("12,50", "300", "1.234,56", "7")


class _Rollback(Exception):
    pass


def _snapshot(learner, facilitator) -> dict:
    users = [learner.pk, facilitator.pk]
    return {
        "blocks": sorted(
            (
                b.learner_id,
                b.block_id,
                round(b.progress, 9),
                b.position_seconds,
                b.watched,
                b.is_complete,
            )
            for b in BlockProgress.objects.filter(learner_id__in=users)
        ),
        "sessions": sorted(
            (s.learner_id, s.completed_blocks, round(s.progress, 9), s.is_complete)
            for s in SessionProgress.objects.all()
        ),
        "attempts": sorted(
            (str(a.token), a.score, a.passed, a.correct_count) for a in QuizAttempt.objects.all()
        ),
        "results": sorted(
            (r.learner_id, r.attempts, r.failed_attempts, r.passed, r.best_score)
            for r in QuizResult.objects.all()
        ),
        "reflections": sorted((r.text, r.shared, r.written_at) for r in Reflection.objects.all()),
        "history": sorted(
            (r.text, r.shared, r.written_at) for r in ReflectionRevision.objects.all()
        ),
        "plan": sorted(
            (p.learner_id, p.dreams, p.strengths, p.resources, p.first_step, p.written_at)
            for p in LifePlan.objects.all()
        ),
        "steps": sorted(
            (str(s.key), s.description, str(s.due_date), s.done, s.order, s.removed, s.written_at)
            for s in LifePlanStep.objects.all()
        ),
        "step_history": sorted(
            (
                str(r.step.key),
                r.description,
                str(r.due_date),
                r.done,
                r.order,
                r.removed,
                r.written_at,
            )
            for r in LifePlanStepRevision.objects.select_related("step")
        ),
        "attendance": sorted((a.learner_id, a.status) for a in AttendanceRecord.objects.all()),
        "entries": sorted(
            (
                str(e.client_id),
                e.kind,
                e.amount,
                str(e.occurred_on),
                e.category,
                e.note,
            )
            for e in Entry.objects.filter(deleted_at__isnull=True)
        ),
        "deleted_entries": sorted(
            str(i)
            for i in Entry.objects.filter(deleted_at__isnull=False).values_list(
                "client_id", flat=True
            )
        ),
        "months": sorted(
            MonthSummary.objects.values_list(
                "month",
                "sales",
                "cost_of_goods",
                "purchases",
                "expenses",
                "household_expenses",
                "draws",
                "injections",
                "entries",
            )
        ),
        "held": sorted(str(i) for i in SyncEvent.objects.values_list("id", flat=True)),
    }


def _make_events(specs, rng, ctx) -> list[dict]:
    """The phone's queue: one event per spec, in the order they happened (times strictly
    increasing, so "in order" is well defined). Specs may repeat, making events alike in all
    but their ids, as a learner tapping the same answer twice does; ids are unique, as the
    phone's random UUIDs are."""
    learner, facilitator, other = ctx["learner"], ctx["facilitator"], ctx["other"]
    session, blocks, answers = ctx["session"], ctx["blocks"], ctx["answers"]
    at = timezone.now() - timedelta(days=2)
    events = []
    for kind_index, seed in specs:
        r = random.Random(seed)  # noqa: S311 (test data)
        at += timedelta(milliseconds=r.randint(1, 60_000))
        kind = KINDS[kind_index]
        user = learner
        if kind == "video_progress":
            start = r.uniform(0, 100)
            parts = [[start, start + r.uniform(0, 30)] for _ in range(r.randint(0, 3))]
            payload = {
                "session": session.pk,
                "block_id": blocks["video"],
                "progress": r.random(),
                "position": r.uniform(0, 130),
                "watched": parts,
            }
        elif kind == "block_progress":
            payload = {"session": session.pk, "block_id": blocks["resource"]}
        elif kind == "reflection":
            payload = {
                "session": session.pk,
                "block_id": blocks["reflection"],
                "text": r.choice(TEXTS),
                "shared": r.random() < 0.5,
            }
        elif kind == "quiz_submit":
            payload = {
                "session": session.pk,
                "block_id": blocks["quiz"],
                "responses": r.choice(answers),
            }
        elif kind == "life_plan":
            names = ["dreams", "strengths", "resources", "first_step"]
            payload = {name: r.choice(TEXTS) for name in names}  # the whole form, always
        elif kind == "life_plan_step":
            key = r.choice(STEP_KEYS)
            if r.random() < 0.25:
                payload = {"step": key, "removed": True}
            else:
                payload = {
                    "step": key,
                    "description": r.choice(TEXTS),
                    "due_date": r.choice(DATES),
                    "done": r.random() < 0.3,
                    "order": r.randint(0, 4),
                }
        elif kind == "book_entry":
            action = r.choices(["create", "correct", "delete"], weights=[5, 4, 2])[0]
            payload = {"action": action, "client_id": r.choice(ENTRY_KEYS)}
            # A create sent again says the same: its values follow from its key.
            v = random.Random(payload["client_id"]) if action == "create" else r  # noqa: S311
            if action != "delete":
                entry_kind, category = v.choice(BOOK_LINES)
                payload |= {
                    "kind": entry_kind,
                    "category": category,
                    "amount": v.choice(AMOUNTS),
                    "occurred_on": (ctx["today"] - timedelta(days=v.randint(0, 1))).isoformat(),
                    "note": v.choice(("", *TEXTS)),
                    "product": None,
                    "quantity": None,
                    "language": "pt-br",
                }
        else:
            user = facilitator
            payload = {
                "group": ctx["group"].pk,
                "scheduled": ctx["scheduled"].pk,
                "learner": r.choice(ctx["members"]).pk,
                "status": r.choice(["present", "late", "absent", "excused"]),
            }
        if r.random() < 0.02:  # left on a shared phone by someone else
            user = other
        events.append(event(user, kind, payload, at=at, event_id=uuid.uuid4()))
    return events


def _apply_in_order(events, users) -> set[str]:
    """The reference: each event once, in the order it happened, straight to the service."""
    refused = set()
    # The session pages are only read here, so one lookup serves all 250 events, as one does
    # a whole batch on the server (looked up per event, they took a third of the test's time).
    sessions = _Sessions()
    for raw in events:
        parsed = event_parse(raw)
        if parsed.user_id not in users:
            continue
        try:
            sync_event_apply(user=users[parsed.user_id], event=parsed, sessions=sessions)
        except EventRefused:
            refused.add(raw["id"])
    return refused


def _deliver(events, users, clients, rng) -> tuple[set[str], dict[int, list[dict]]]:
    """A weak network: the phone keeps each user's queue until the server answers that it
    holds (or refuses) an event; batches are cut, shuffled, resent and their answers lost."""
    queues = {pk: [e for e in events if e["user"] == pk] for pk in {e["user"] for e in events}}
    refused: set[str] = set()
    answered_once: dict[int, list[dict]] = {pk: [] for pk in users}
    for _round in range(100_000):
        pending = [pk for pk in users if queues.get(pk)]
        if not pending:
            break
        pk = rng.choice(pending)
        queue = queues[pk]
        start = rng.randrange(len(queue))
        batch = queue[start : start + rng.randint(1, 40)]
        held_before = answered_once[pk]
        if held_before and rng.random() < 0.3:  # resend events the server already holds
            batch += rng.sample(held_before, min(len(held_before), rng.randint(1, 5)))
        if rng.random() < 0.5:
            rng.shuffle(batch)
        # A shared phone: the other user's events travel in this batch too (the client filters
        # them out; the server must refuse them if they slip through).
        strays = [e for e in events if e["user"] not in users][:2]
        batch += strays
        if rng.random() < 0.3:
            response = clients[pk].post(
                "/api/v1/sync/", json.dumps({"events": batch}), content_type="application/json"
            )
            assert response.status_code == 200, response.content
            answer = response.json()
            held, gone, not_yours = (
                set(answer["held"]),
                set(answer["refused"]),
                set(answer["not_yours"]),
            )
        else:
            result = sync_batch_apply(user=users[pk], events=batch)
            held = {str(i) for i in result.held}
            gone = {str(i) for i in result.refused}
            not_yours = {str(i) for i in result.not_yours}
        assert not_yours == {e["id"] for e in strays}
        if rng.random() < 0.3:
            continue  # the answer was lost: the phone forgets nothing
        refused |= gone
        answered_once[pk] += [e for e in batch if e["id"] in held]
        queues[pk] = [e for e in queue if e["id"] not in held | gone]
    else:
        pytest.fail("the queue never emptied")
    left = {pk: q for pk, q in queues.items() if pk not in users}
    return refused, left


def test_sync_loses_nothing_and_doubles_nothing(
    rich_session, blocks, learner, other_learner, facilitator, group, members
):
    quiz = curriculum_api.session_quiz(session=rich_session, block_id=blocks["quiz"])
    single, multiple, numeric = quiz.questions
    answers = [
        {
            single.id: [single.options[0].id],
            multiple.id: [o.id for o in multiple.options[:2]],
            numeric.id: ["1.234,5"],
        },
        {
            single.id: [single.options[1].id],
            multiple.id: [multiple.options[0].id],
            numeric.id: ["99"],
        },
        {
            single.id: [single.options[0].id],
            multiple.id: [multiple.options[2].id],
            numeric.id: ["1234,5"],
        },
        {
            single.id: ["not-an-option"],
            multiple.id: [multiple.options[0].id],
            numeric.id: ["1"],
        },  # refused
    ]
    ctx = {
        "learner": learner,
        "facilitator": facilitator,
        "other": other_learner,
        "session": rich_session,
        "blocks": blocks,
        "answers": answers,
        "group": group,
        "scheduled": group.schedule.order_by("date").first(),
        "members": members,
        "today": timezone.localdate(),
    }
    business_create(owner=learner, name="Bazar da Ana", sector="shop", country="BR")
    users = {learner.pk: learner, facilitator.pk: facilitator}
    clients = {}
    for pk, user in users.items():
        clients[pk] = Client()
        clients[pk].force_login(user)
    generated = {"events": 0, "duplicates_sent": 0}

    @settings(
        max_examples=PHONES,
        phases=[Phase.explicit, Phase.generate],  # shrinking 250 events takes minutes
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(
        specs=st.lists(
            st.tuples(st.integers(0, len(KINDS) - 1), st.integers(0, 2**32)),
            min_size=EVENTS_PER_PHONE,
            max_size=EVENTS_PER_PHONE,
        ),
        # A Random seeded once from the example's data: one drawing from Hypothesis's buffer
        # at every call ran past its size in a third of the phones, whose 250 events were
        # then played through and thrown away as invalid (59 phones run to make 40).
        rng=st.randoms(use_true_random=True),
    )
    def phone(specs, rng):
        events = _make_events(specs, rng, ctx)
        generated["events"] += len(events)
        try:
            with transaction.atomic():
                expected_refused = _apply_in_order(events, users)
                expected = _snapshot(learner, facilitator)
                raise _Rollback
        except _Rollback:
            pass
        try:
            with transaction.atomic():
                refused, left = _deliver(events, users, clients, rng)
                actual = _snapshot(learner, facilitator)
                raise _Rollback
        except _Rollback:
            pass
        mine = [e for e in events if e["user"] in users]
        # 0 lost: every event of the logged-in users is held or refused for good, as in order.
        assert refused == expected_refused
        assert set(actual["held"]) == {e["id"] for e in mine} - refused
        # 0 doubled, and the same final state as applying each once in order.
        assert len(actual["attempts"]) == sum(
            1 for e in mine if e["kind"] == "quiz_submit" and e["id"] not in refused
        )
        assert actual == expected
        # The other learner's events stayed on the phone, untouched, for their owner.
        assert sum(len(q) for q in left.values()) == len(events) - len(mine)

    phone()
    assert generated["events"] >= 10_000
