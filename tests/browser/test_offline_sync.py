"""Weak networks and the installed app, on a 360×640 phone in headless Chromium: a form that
cannot reach the server (the request fails, or the server breaks down) is queued with the
event it would have posted, and reaches the server once; life-plan steps are added and
removed offline; the service worker sends the queue on Background Sync, only the session
user's events; the worker controls start_url and it opens offline."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.utils import translation

from lms.api.models import SyncEvent
from lms.portfolio.models import LifePlan, LifePlanStep, Reflection
from lms.portfolio.selectors import life_plan_steps_shown
from tests.browser.test_offline import QUEUED, log_in, quiz_session  # noqa: F401  (fixture)
from tests.browser.waiting import wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED_OFFLINE = "Saved on this phone — it is sent when you are back online."
SYNC = "**/api/v1/sync/"


def pt(message: str) -> str:
    with translation.override("pt-br"):
        return translation.gettext(message)


def worker_ready(phone) -> None:
    wait_until(phone, "navigator.serviceWorker.ready.then((r) => !!r.active)", timeout=15000)


def send_reflection(phone, text: str) -> str:
    phone.fill("textarea[name=text]", text)
    phone.locator("[data-offline-form=reflection] button[type=submit]").click()
    wait_until(phone, "!!document.querySelector('[data-offline-status]')")
    return phone.inner_text("[data-offline-status]")


def test_a_reflection_whose_request_fails_is_queued_and_arrives_once(
    live_server,
    phone,
    quiz_session,  # noqa: F811
):
    learner = UserFactory(username="ana_weak", preferred_language="pt-br")
    log_in(phone, live_server.url, learner.username)
    phone.goto(f"{live_server.url}{quiz_session.url}")
    assert phone.evaluate("navigator.onLine")

    # The browser says online, but the request never arrives (the worker's requests too: its
    # Background Sync would send the queue at once).
    phone.context.route(SYNC, lambda route: route.abort("connectionreset"))
    assert send_reflection(phone, "Primeira versão") == pt(SAVED_OFFLINE)
    assert len(phone.evaluate(QUEUED)) == 1 and not Reflection.objects.exists()
    phone.context.unroute(SYNC)

    # The server breaks down (503): queued too, nothing saved.
    phone.context.route(SYNC, lambda route: route.fulfill(status=503, body="busy"))
    phone.evaluate("document.querySelector('[data-offline-status]').remove()")
    assert send_reflection(phone, "Segunda versão") == pt(SAVED_OFFLINE)
    phone.context.unroute(SYNC)

    # The post arrives and is saved, but its answer is lost on the way back: the phone
    # queues the same event, same id, and the server does not take it twice.
    posted = []

    def lose_answer(route):
        events = json.loads(route.request.post_data)["events"]
        if [e["payload"].get("text") for e in events] != ["Terceira versão"]:
            route.abort("connectionreset")  # the queue's own retries: not yet
            return
        posted.append(events)
        route.fetch()  # reaches the server
        with contextlib.suppress(Exception):  # the page may have given up waiting already
            route.abort("connectionreset")

    phone.context.route(SYNC, lose_answer)
    phone.evaluate("document.querySelector('[data-offline-status]').remove()")
    assert send_reflection(phone, "Terceira versão") == pt(SAVED_OFFLINE)
    phone.context.unroute(SYNC)
    assert Reflection.objects.get(learner=learner).text == "Terceira versão"
    queued = phone.evaluate(QUEUED)
    assert posted[0][0]["id"] in {e["id"] for e in queued}  # the same id, not a new one

    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    reflection = Reflection.objects.get(learner=learner)
    assert reflection.text == "Terceira versão"  # the latest writing, whatever arrived last
    assert reflection.revisions.count() == 2
    assert SyncEvent.objects.filter(user=learner).count() == 3

    # With a working network the form saves straight away: nothing is queued.
    phone.evaluate("document.querySelector('[data-offline-status]').remove()")
    assert send_reflection(phone, "Quarta versão") == pt("Your reflection is saved.")
    assert phone.evaluate(QUEUED) == []
    assert Reflection.objects.get(learner=learner).text == "Quarta versão"


def test_life_plan_steps_are_added_and_removed_offline(live_server, phone):
    learner = UserFactory(username="bia_plan", preferred_language="pt-br")
    log_in(phone, live_server.url, learner.username)
    phone.goto(f"{live_server.url}/pt-br/learn/life-plan/")

    phone.context.set_offline(True)
    phone.fill("textarea[name=dreams]", "Uma padaria")
    phone.fill("input[name=steps-0-description]", "Fazer um curso de panificação")
    phone.fill("input[name=steps-0-due_date]", "2027-03-01")
    phone.locator("[data-offline-form=life_plan] button[type=submit]").click()
    wait_until(phone, "!!document.querySelector('[data-offline-status]')")
    assert phone.inner_text("[data-offline-status]") == pt(SAVED_OFFLINE)
    queued = phone.evaluate(QUEUED)
    assert sorted(e["kind"] for e in queued) == ["life_plan", "life_plan_step"]
    key = next(e["payload"]["step"] for e in queued if e["kind"] == "life_plan_step")

    # Saved again, still offline: the same step (its key), nothing new.
    phone.locator("[data-offline-form=life_plan] button[type=submit]").click()
    phone.wait_for_timeout(300)
    steps = [e for e in phone.evaluate(QUEUED) if e["kind"] == "life_plan_step"]
    assert [e["payload"]["step"] for e in steps] == [key]

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    plan = LifePlan.objects.get(learner=learner)
    assert plan.dreams == "Uma padaria"
    step = life_plan_steps_shown(plan=plan).get()
    assert (str(step.key), step.description, str(step.due_date)) == (
        key,
        "Fazer um curso de panificação",
        "2027-03-01",
    )

    phone.reload()
    assert phone.get_attribute("[data-step-key]", "data-step-key") == key
    phone.context.set_offline(True)
    phone.check(f'[data-step-key="{key}"] input[name$="-DELETE"]')
    phone.locator("[data-offline-form=life_plan] button[type=submit]").click()
    wait_until(phone, f"({QUEUED}).then((rows) => rows.some((e) => e.payload.removed))")
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    assert not life_plan_steps_shown(plan=plan).exists()
    assert LifePlanStep.objects.get(key=key).removed


def test_background_sync_sends_only_the_session_users_queue(
    live_server,
    phone,
    quiz_session,  # noqa: F811
):
    ana = UserFactory(username="ana_bg", preferred_language="pt-br")
    rosa = UserFactory(username="rosa_bg", preferred_language="pt-br")
    log_in(phone, live_server.url, ana.username)
    phone.goto(f"{live_server.url}{quiz_session.url}")
    worker_ready(phone)

    phone.context.route(SYNC, lambda route: route.abort("connectionreset"))
    send_reflection(phone, "Escrita com rede fraca")
    # Queued, and a sync is asked of the browser for when the connection is back.
    wait_until(
        phone,
        "navigator.serviceWorker.ready.then((r) => r.sync.getTags())"
        ".then((tags) => tags.includes('rumo-queue'))",
    )
    # An event of another learner left on this phone.
    phone.evaluate(
        """(user) => new Promise((done) => {
      const open = indexedDB.open("rumo-offline", 1);
      open.onsuccess = () => {
        const tx = open.result.transaction("events", "readwrite");
        tx.objectStore("events").put({id: crypto.randomUUID(), user, kind: "life_plan",
          occurred_at: new Date().toISOString(), seq: 1,
          payload: {dreams: "Segredo da Rosa", strengths: "", resources: "", first_step: ""}});
        tx.oncomplete = () => { open.result.close(); done(); };
      };
    })""",
        rosa.pk,
    )
    phone.context.unroute(SYNC)

    # What the browser does on the sync event, with no page doing it.
    worker = phone.context.service_workers[0]
    worker.evaluate("queueSend()")
    left = phone.evaluate(QUEUED)
    assert [e["user"] for e in left] == [rosa.pk]  # kept for its owner, never sent
    assert Reflection.objects.get(learner=ana).text == "Escrita com rede fraca"
    assert not LifePlan.objects.filter(dreams="Segredo da Rosa").exists()
    assert not SyncEvent.objects.filter(user=rosa).exists()


def test_the_worker_controls_start_url_and_it_opens_offline(live_server, phone):
    learner = UserFactory(username="caio_app", preferred_language="pt-br")
    log_in(phone, live_server.url, learner.username)
    phone.goto(f"{live_server.url}/pt-br/learn/")
    worker_ready(phone)
    manifest = phone.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())"
    )
    start_url = f"{live_server.url}{manifest['start_url']}"
    phone.goto(start_url)
    assert phone.evaluate("!!navigator.serviceWorker.controller")
    # Chromium's own installability check (what Lighthouse's installable audit reported).
    # A test browser context is off the record, which alone stops an install prompt.
    devtools = phone.context.new_cdp_session(phone)
    assert devtools.send("Page.getAppManifest").get("errors") == []
    errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    heading = phone.inner_text("h1")

    phone.context.set_offline(True)
    response = phone.goto(start_url)
    assert response.ok and phone.inner_text("h1") == heading  # the learner's kept page
    phone.goto(f"{live_server.url}/pt-br/learn/never-kept/")
    assert phone.inner_text("h1") == pt("On this phone")
