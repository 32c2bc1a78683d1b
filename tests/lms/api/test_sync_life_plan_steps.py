"""Life-plan steps made offline: each step keyed by the phone, the latest writing of a step
wins whatever order the events arrive in, a removal is not undone by an earlier edit arriving
late, every replaced version is kept, and each field is checked."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lms.api.models import SyncEvent
from lms.portfolio.models import LifePlanStep, LifePlanStepRevision
from lms.portfolio.selectors import life_plan_steps_shown
from lms.portfolio.services import MAX_LIFE_PLAN_STEPS, life_plan_get_or_create
from tests.lms.api.conftest import event

pytestmark = pytest.mark.django_db

URL = "/api/v1/sync/"


def post(client, events):
    response = client.post(URL, json.dumps({"events": events}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def step(learner, key, minutes_ago, **fields):
    payload = {
        "step": str(key),
        "description": "Abrir uma conta",
        "due_date": "2027-03-01",
        "done": False,
        "order": 0,
        **fields,
    }
    return event(
        learner, "life_plan_step", payload, at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def removal(learner, key, minutes_ago):
    return event(
        learner,
        "life_plan_step",
        {"step": str(key), "removed": True},
        at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_step_added_offline_is_kept_with_the_phones_key(client, learner):
    client.force_login(learner)
    key = uuid.uuid4()
    added = step(learner, key, 5, description="Vender na feira", done=True, order=2)
    assert post(client, [added])["held"] == [added["id"]]
    saved = LifePlanStep.objects.get(plan__learner=learner)
    assert (saved.key, saved.description, saved.due_date, saved.done, saved.order) == (
        key,
        "Vender na feira",
        date(2027, 3, 1),
        True,
        2,
    )
    assert post(client, [added])["held"] == [added["id"]]  # again: nothing more
    assert LifePlanStep.objects.count() == 1 and not LifePlanStepRevision.objects.exists()


@pytest.mark.parametrize("arrival", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (2, 0, 1)])
def test_the_latest_writing_of_a_step_wins_in_any_arrival_order(client, learner, arrival):
    client.force_login(learner)
    key = uuid.uuid4()
    versions = [
        step(learner, key, 30, description="Primeiro"),
        step(learner, key, 20, description="Segundo", due_date=""),
        step(learner, key, 10, description="Terceiro", done=True),
    ]
    for index in arrival:
        post(client, [versions[index]])
    saved = LifePlanStep.objects.get()
    assert (saved.description, saved.done) == ("Terceiro", True)
    # Every other version is kept, whatever the order.
    assert sorted(LifePlanStepRevision.objects.values_list("description", flat=True)) == [
        "Primeiro",
        "Segundo",
    ]


def test_a_removal_is_not_undone_by_an_earlier_edit_arriving_late(client, learner):
    client.force_login(learner)
    key = uuid.uuid4()
    post(client, [removal(learner, key, 5)])  # the removal first, before the step itself
    post(client, [step(learner, key, 10, description="Old")])
    plan = life_plan_get_or_create(learner=learner)
    assert not life_plan_steps_shown(plan=plan).exists()
    assert LifePlanStepRevision.objects.get().description == "Old"
    post(client, [step(learner, key, 1, description="Back again")])  # later: it comes back
    assert life_plan_steps_shown(plan=plan).get().description == "Back again"


def test_the_life_plan_page_shows_neither_removed_steps_nor_markers(client, learner):
    client.force_login(learner)
    kept, gone = uuid.uuid4(), uuid.uuid4()
    post(
        client,
        [
            step(learner, kept, 9, description="Visible step"),
            step(learner, gone, 8, description="Gone step"),
            removal(learner, gone, 7),
        ],
    )
    for url in ("/pt-br/learn/life-plan/", "/pt-br/learn/life-plan/print/"):
        html = client.get(url).content.decode()
        assert "Visible step" in html and "Gone step" not in html
    html = client.get("/pt-br/learn/life-plan/").content.decode()
    assert f'data-step-key="{kept}"' in html


def test_a_step_of_another_learners_key_is_a_new_step_of_ones_own(client, learner, other_learner):
    key = uuid.uuid4()
    client.force_login(other_learner)
    post(client, [step(other_learner, key, 5, description="Rosa's step")])
    client.force_login(learner)
    post(client, [step(learner, key, 4, description="Ana's step")])
    assert LifePlanStep.objects.get(plan__learner=other_learner).description == "Rosa's step"
    assert LifePlanStep.objects.get(plan__learner=learner).description == "Ana's step"


def test_a_new_step_past_the_maximum_is_refused(client, learner):
    client.force_login(learner)
    steps = [step(learner, uuid.uuid4(), 50 - n) for n in range(MAX_LIFE_PLAN_STEPS + 1)]
    answer = post(client, steps)
    assert answer["refused"] == {steps[-1]["id"]: "too many steps"}
    assert LifePlanStep.objects.count() == MAX_LIFE_PLAN_STEPS
    assert not SyncEvent.objects.filter(id=steps[-1]["id"]).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"step": "not-a-key"},
        {"step": 12},
        {"description": ""},
        {"description": "   "},
        {"description": "x" * 301},
        {"description": "a\x00b"},
        {"due_date": "2027-13-01"},
        {"due_date": "01/03/2027"},
        {"due_date": "1899-12-31"},
        {"due_date": "2101-01-01"},
        {"due_date": None},
        {"done": "yes"},
        {"done": 1},
        {"order": -1},
        {"order": 1001},
        {"order": True},
        {"order": 1.5},
        {"extra": "field"},
        {"removed": False},
    ],
)
def test_hostile_step_events_are_refused_field_by_field(client, learner, change):
    client.force_login(learner)
    good = step(learner, uuid.uuid4(), 5)
    bad = step(learner, uuid.uuid4(), 4)
    bad["payload"] = {**bad["payload"], **change}
    answer = post(client, [good, bad])
    assert answer["held"] == [good["id"]] and bad["id"] in answer["refused"]
    assert LifePlanStep.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"removed": True},
        {"step": "x", "removed": True},
        {"step": str(uuid.uuid4()), "removed": True, "description": "also"},
        {"step": str(uuid.uuid4()), "removed": "yes"},
    ],
)
def test_hostile_removals_are_refused(client, learner, payload):
    client.force_login(learner)
    bad = event(learner, "life_plan_step", payload)
    assert bad["id"] in post(client, [bad])["refused"]
    assert not LifePlanStep.objects.exists()


def test_an_empty_batch_says_whose_session_it_is(client, learner):
    """The service worker asks this before a background sync, and sends only that user's
    events."""
    client.force_login(learner)
    answer = post(client, [])
    assert answer["user"] == learner.pk and answer["held"] == []


def test_the_form_keeps_the_same_history_as_the_phone(client, learner):
    """Online, the page's form writes steps through the same service: edits keep the version
    they replace, and a removal leaves the marker a late phone edit cannot undo."""
    client.force_login(learner)
    key = uuid.uuid4()
    post(client, [step(learner, key, 60, description="From the phone")])
    saved = LifePlanStep.objects.get()
    form = {
        "dreams": "",
        "strengths": "",
        "resources": "",
        "first_step": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "1",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
        "steps-0-id": str(saved.pk),
        "steps-0-plan": str(saved.plan_id),
        "steps-0-description": "Edited on the page",
        "steps-0-due_date": "",
        "steps-1-plan": str(saved.plan_id),
        "steps-1-description": "New on the page",
        "steps-1-due_date": "2027-05-01",
    }
    assert client.post("/pt-br/learn/life-plan/", form).status_code == 302
    assert LifePlanStepRevision.objects.get().description == "From the phone"
    assert list(life_plan_steps_shown(plan=saved.plan).values_list("description", "order")) == [
        ("Edited on the page", 0),
        ("New on the page", 1),
    ]
    form.update({"steps-0-DELETE": "on", "steps-1-description": "", "steps-1-due_date": ""})
    assert client.post("/pt-br/learn/life-plan/", form).status_code == 302
    post(client, [step(learner, key, 30, description="Late from the phone")])
    assert list(life_plan_steps_shown(plan=saved.plan).values_list("description", flat=True)) == [
        "New on the page"
    ]
