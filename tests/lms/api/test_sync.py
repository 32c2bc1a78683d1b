"""The sync endpoint: strict checks, each event once, order-independent merges, refusal of
other users' events, and an answer naming the ids the server holds."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from curriculum import api as curriculum_api
from lms.api.models import SyncEvent
from lms.cohorts.models import AttendanceRecord
from lms.portfolio.models import LifePlan, Reflection
from lms.progress.models import BlockProgress
from lms.quizzes.models import QuizAttempt, QuizResult
from tests.lms.api.conftest import event

pytestmark = pytest.mark.django_db

URL = "/api/v1/sync/"
PLAN = {"dreams": "", "strengths": "", "resources": "", "first_step": ""}


def post(client, events):
    return client.post(URL, json.dumps({"events": events}), content_type="application/json")


def quiz_answers(session, block_id, right=True):
    quiz = curriculum_api.session_quiz(session=session, block_id=block_id)
    single, multiple, numeric = quiz.questions
    return {
        single.id: [single.options[0].id],
        multiple.id: [multiple.options[0].id, multiple.options[1].id],
        numeric.id: ["1.234,5" if right else "7"],
    }


def test_anonymous_gets_json_403_and_nothing_is_stored(client, learner, rich_session, blocks):
    response = post(
        client,
        [
            event(
                learner,
                "block_progress",
                {"session": rich_session.pk, "block_id": blocks["resource"]},
            )
        ],
    )
    assert response.status_code == 403
    assert "error" in response.json()
    assert not SyncEvent.objects.exists()


def test_the_same_events_twice_change_nothing_the_second_time(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    events = [
        event(
            learner,
            "quiz_submit",
            {
                "session": rich_session.pk,
                "block_id": blocks["quiz"],
                "responses": quiz_answers(rich_session, blocks["quiz"]),
            },
        ),
        event(
            learner,
            "reflection",
            {
                "session": rich_session.pk,
                "block_id": blocks["reflection"],
                "text": "Vou guardar dinheiro.",
            },
        ),
        event(
            learner,
            "video_progress",
            {
                "session": rich_session.pk,
                "block_id": blocks["video"],
                "progress": 0.5,
                "position": 30,
                "watched": [[0, 30]],
            },
        ),
    ]
    first = post(client, events).json()
    second = post(client, events).json()
    ids = sorted(e["id"] for e in events)
    assert sorted(first["held"]) == ids and sorted(second["held"]) == ids
    assert QuizAttempt.objects.count() == 1
    assert Reflection.objects.get().revisions.count() == 0
    assert SyncEvent.objects.count() == 3


def test_quiz_is_scored_on_the_server_with_the_event_id_as_token(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    wrong = event(
        learner,
        "quiz_submit",
        {
            "session": rich_session.pk,
            "block_id": blocks["quiz"],
            "responses": quiz_answers(rich_session, blocks["quiz"], right=False),
        },
    )
    right = event(
        learner,
        "quiz_submit",
        {
            "session": rich_session.pk,
            "block_id": blocks["quiz"],
            "responses": quiz_answers(rich_session, blocks["quiz"]),
        },
        at=timezone.now() - timedelta(hours=1),
    )
    post(client, [wrong, right])
    attempts = {str(a.token): a for a in QuizAttempt.objects.all()}
    assert not attempts[wrong["id"]].passed and attempts[right["id"]].passed
    result = QuizResult.objects.get()
    assert result.attempts == 2 and result.passed and result.best_score == 100


def test_a_quiz_answer_that_does_not_fit_is_refused_and_not_stored(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    bad = event(
        learner,
        "quiz_submit",
        {"session": rich_session.pk, "block_id": blocks["quiz"], "responses": {"nope": ["x"]}},
    )
    answer = post(client, [bad]).json()
    assert answer["held"] == [] and bad["id"] in answer["refused"]
    assert not QuizAttempt.objects.exists() and not SyncEvent.objects.exists()


def test_events_of_another_user_are_refused_and_kept_on_the_phone(
    client, learner, other_learner, rich_session, blocks
):
    client.force_login(learner)
    theirs = event(
        other_learner,
        "reflection",
        {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "Segredo de Rosa"},
    )
    answer = post(client, [theirs]).json()
    assert answer["not_yours"] == [theirs["id"]] and answer["held"] == []
    assert not Reflection.objects.exists()


def test_latest_reflection_wins_by_event_time_and_the_other_is_kept(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    now = timezone.now()
    later = event(
        learner,
        "reflection",
        {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "Second thought"},
        at=now - timedelta(minutes=1),
    )
    earlier = event(
        learner,
        "reflection",
        {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "First thought"},
        at=now - timedelta(minutes=9),
    )
    post(client, [later])
    post(client, [earlier])  # arrives last, happened first
    reflection = Reflection.objects.get()
    assert reflection.text == "Second thought"
    assert list(reflection.revisions.values_list("text", flat=True)) == ["First thought"]


def test_video_merges_watched_parts_and_keeps_the_furthest_position(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    base = {"session": rich_session.pk, "block_id": blocks["video"]}
    post(
        client,
        [
            event(
                learner,
                "video_progress",
                {**base, "progress": 0.95, "position": 95, "watched": [[40, 95]]},
            )
        ],
    )
    post(
        client,
        [
            event(
                learner,
                "video_progress",
                {**base, "progress": 0.4, "position": 40, "watched": [[0, 40]]},
            )
        ],
    )
    row = BlockProgress.objects.get(block_id=blocks["video"])
    assert row.watched == [[0.0, 95.0]]
    assert row.position_seconds == 95 and row.progress == 0.95 and row.is_complete


def test_a_resource_opened_offline_completes_but_a_quiz_cannot_be_claimed(
    client, learner, rich_session, blocks
):
    client.force_login(learner)
    opened = event(
        learner, "block_progress", {"session": rich_session.pk, "block_id": blocks["resource"]}
    )
    claimed = event(
        learner, "block_progress", {"session": rich_session.pk, "block_id": blocks["quiz"]}
    )
    answer = post(client, [opened, claimed]).json()
    assert answer["held"] == [opened["id"]] and claimed["id"] in answer["refused"]
    assert BlockProgress.objects.get().block_id == blocks["resource"]


def test_life_plan_latest_writing_wins(client, learner):
    client.force_login(learner)
    now = timezone.now()
    post(
        client,
        [
            event(
                learner,
                "life_plan",
                {**PLAN, "dreams": "A shop", "first_step": "Ask"},
                at=now - timedelta(minutes=1),
            )
        ],
    )
    post(
        client,
        [event(learner, "life_plan", {**PLAN, "dreams": "A farm"}, at=now - timedelta(minutes=5))],
    )
    assert LifePlan.objects.get(learner=learner).dreams == "A shop"
    partial = event(learner, "life_plan", {"dreams": "Only this"})
    assert partial["id"] in post(client, [partial]).json()["refused"]


def test_attendance_taps_apply_in_the_order_they_happened(client, group, members, facilitator):
    client.force_login(facilitator)
    scheduled = group.schedule.order_by("date").first()
    now = timezone.now()
    ana = members[0]

    def tap(status, minutes):
        payload = {
            "group": group.pk,
            "scheduled": scheduled.pk,
            "learner": ana.pk,
            "status": status,
        }
        return event(facilitator, "attendance", payload, at=now - timedelta(minutes=minutes))

    first, second, third = tap("absent", 3), tap("present", 2), tap("late", 1)
    post(client, [third, first])  # a batch cut and reordered
    post(client, [second])
    assert AttendanceRecord.objects.get(learner=ana).status == "late"
    assert SyncEvent.objects.filter(outcome="superseded").count() == 1


def test_attendance_for_someone_elses_group_is_refused(client, group, members, learner):
    client.force_login(learner)
    scheduled = group.schedule.first()
    tap = event(
        learner,
        "attendance",
        {
            "group": group.pk,
            "scheduled": scheduled.pk,
            "learner": members[0].pk,
            "status": "present",
        },
    )
    answer = post(client, [tap]).json()
    assert tap["id"] in answer["refused"] and not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"id": "not-a-uuid"},
        {"kind": "delete_everything"},
        {"occurred_at": "2001-01-01T00:00:00+00:00"},
        {"occurred_at": "2999-01-01T00:00:00+00:00"},
        {"occurred_at": "2026-01-01T00:00:00"},  # no zone
        {"user": "1"},
        {"payload": []},
        {"payload": {"session": 2**40, "block_id": "x", "text": "t"}},
        {"payload": {"session": 1, "block_id": "x" * 65, "text": "t"}},
        {"payload": {"session": 1, "block_id": "x", "text": "t" * 5001}},
        {"payload": {"session": 1, "block_id": "x", "text": "   "}},
        {"payload": {"session": 1, "block_id": "x", "text": "t", "shared": "yes"}},
    ],
)
def test_hostile_events_are_refused_one_by_one(client, learner, rich_session, blocks, change):
    client.force_login(learner)
    good = event(
        learner,
        "reflection",
        {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "ok"},
    )
    bad = {
        **event(
            learner,
            "reflection",
            {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "bad"},
        ),
        **change,
    }
    if change.get("user") == "1":
        bad["user"] = str(learner.pk)
    response = post(client, [good, bad])
    assert response.status_code == 200
    answer = response.json()
    assert answer["held"] == [good["id"]]
    assert Reflection.objects.get().text == "ok"


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"{}",
        b'{"events": {}}',
        b"not json",
        json.dumps({"events": [{}] * 101}).encode(),
        b"{" * 50,
    ],
)
def test_bad_batches_answer_400(client, learner, body):
    client.force_login(learner)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400


def test_hostile_video_parts_and_quiz_shapes_are_refused(client, learner, rich_session, blocks):
    client.force_login(learner)
    base = {"session": rich_session.pk, "block_id": blocks["video"], "progress": 0.1, "position": 1}
    bad = [
        event(learner, "video_progress", {**base, "watched": [[5, 1]]}),
        event(learner, "video_progress", {**base, "watched": [[0, 1e9]]}),
        event(learner, "video_progress", {**base, "watched": [[0, 1]] * 201}),
        event(learner, "video_progress", {**base, "progress": 2}),
        event(
            learner,
            "quiz_submit",
            {"session": rich_session.pk, "block_id": blocks["quiz"], "responses": {"a": "b"}},
        ),
        event(
            learner,
            "quiz_submit",
            {"session": rich_session.pk, "block_id": blocks["quiz"], "responses": {}},
        ),
    ]
    answer = post(client, bad).json()
    assert answer["held"] == [] and len(answer["refused"]) == len(bad)
    assert not BlockProgress.objects.exists()


def test_unknown_session_is_refused(client, learner):
    client.force_login(learner)
    missing = event(learner, "reflection", {"session": 999999, "block_id": "x", "text": "t"})
    assert missing["id"] in post(client, [missing]).json()["refused"]


def test_an_id_another_user_stored_is_not_taken_over(
    client, learner, other_learner, rich_session, blocks
):
    shared_id = uuid.uuid4()
    client.force_login(other_learner)
    post(
        client,
        [
            event(
                other_learner,
                "reflection",
                {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "Rosa"},
                event_id=shared_id,
            )
        ],
    )
    client.force_login(learner)
    answer = post(
        client,
        [
            event(
                learner,
                "reflection",
                {"session": rich_session.pk, "block_id": blocks["reflection"], "text": "Ana"},
                event_id=shared_id,
            )
        ],
    ).json()
    assert str(shared_id) in answer["refused"]
    assert not Reflection.objects.filter(learner=learner).exists()
