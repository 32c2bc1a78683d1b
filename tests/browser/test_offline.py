"""Offline on a 360×640 phone in headless Chromium: a learner answers a quiz and writes a
reflection with no network, and each reaches the server exactly once when it is back; two
learners share one browser and nothing of the first reaches the second; a facilitator takes
attendance offline and it arrives in tap order."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from curriculum import api as curriculum_api
from lms.api.models import SyncEvent
from lms.cohorts.models import AttendanceChange, AttendanceRecord
from lms.core.roles import Role
from lms.portfolio.models import Reflection
from lms.quizzes.models import QuizAttempt
from tests.browser.waiting import wait_until
from tests.factories import PASSWORD, UserFactory
from tests.lms.facilitation.conftest import (  # noqa: F401  (fixtures)
    curriculum,
    facilitator,
    group,
    members,
    outlines,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roles(db):
    """Role groups by name: an earlier browser test's flush may have emptied the permission
    rows that setup_roles would attach, and roles are checked by name."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


QUEUED = """new Promise((done) => {
  const open = indexedDB.open("rumo-offline", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("events", { keyPath: "id" }).createIndex("user", "user");
  open.onsuccess = () => {
    const all = open.result.transaction("events").objectStore("events").getAll();
    all.onsuccess = () => { done(all.result); open.result.close(); };
  };
})"""


def pt(message: str) -> str:
    with translation.override("pt-br"):
        return translation.gettext(message)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/pt-br/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.locator("[data-logout] button").click()
    page.wait_for_selector("body:not([data-user])", state="attached", timeout=15000)


def answer_right(page, quiz) -> None:
    for question in quiz.questions:
        fieldset = page.locator(f'[data-question="{question.id}"]')
        if question.is_numeric:
            fieldset.locator("input").fill(
                format(question.answer.normalize(), "f").replace(".", ",")
            )
            continue
        for option in question.options:
            box = fieldset.locator(f'input[value="{option.id}"]')
            if question.kind == "multiple_choice":
                box.set_checked(option.correct)
            elif option.correct:
                box.check()
    page.locator("[data-quiz-form] button[type=submit]").click()


@pytest.fixture
def quiz_session(tree):
    from tests.factories import (
        block,
        multiple_choice,
        numeric_question,
        quiz,
        reflection,
        single_choice,
    )

    page = tree["session"]
    page.body = [
        block("text", "## Lesson\n\nSome text."),
        quiz(single_choice("Pick one"), multiple_choice(), numeric_question()),
        reflection(),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_quiz_and_reflection_offline_reach_the_server_once(live_server, phone, quiz_session):
    learner = UserFactory(username="ana_offline", preferred_language="pt-br")
    quiz_block = next(b for b in quiz_session.body if b.block_type == "quiz")
    quiz = curriculum_api.session_quiz(session=quiz_session, block_id=quiz_block.id)
    log_in(phone, live_server.url, learner.username)
    phone.goto(f"{live_server.url}{quiz_session.url}")

    phone.context.set_offline(True)
    answer_right(phone, quiz)
    wait_until(phone, "document.querySelector('[data-quiz-result]').textContent.length > 0")
    assert phone.inner_text("[data-quiz-result]") == pt("Saved — scored when you are back online.")
    phone.fill("textarea[name=text]", "Vou anotar cada venda.")
    phone.locator("[data-offline-form=reflection] button[type=submit]").click()
    wait_until(phone, "!!document.querySelector('[data-offline-status]')")
    queued = phone.evaluate(QUEUED)
    assert sorted(e["kind"] for e in queued) == ["quiz_submit", "reflection"]
    assert {e["user"] for e in queued} == {learner.pk}
    assert "answer" not in str(queued)  # the phone holds the learner's answers, never the key
    assert not QuizAttempt.objects.exists() and not Reflection.objects.exists()

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    assert QuizAttempt.objects.get(learner=learner).passed
    assert Reflection.objects.get(learner=learner).text == "Vou anotar cada venda."
    assert SyncEvent.objects.filter(user=learner).count() == 2

    phone.reload()  # the feedback, scored by the server, on the next visit online
    assert "100%" in phone.inner_text(f"#b-{quiz_block.id} [data-quiz-result]")
    assert QuizAttempt.objects.count() == 1 and Reflection.objects.count() == 1


def test_two_learners_on_one_phone_share_nothing(live_server, phone, quiz_session):
    first = UserFactory(username="ana_shared")
    second = UserFactory(username="bia_shared")
    base = live_server.url
    log_in(phone, base, first.username)
    phone.goto(f"{base}{quiz_session.url}")
    phone.evaluate(f"localStorage.setItem('rumo-seen-{first.pk}-{quiz_session.pk}-v', '[[0,5]]')")

    phone.context.set_offline(True)
    phone.fill("textarea[name=text]", "Segredo da Ana")
    phone.locator("[data-offline-form=reflection] button[type=submit]").click()
    wait_until(phone, "!!document.querySelector('[data-offline-status]')")
    warnings = []

    def answer(dialog):
        warnings.append(dialog.message)
        dialog.accept()

    phone.on("dialog", answer)
    # The connection is back but the server cannot be reached (by the page nor by the
    # worker's Background Sync): logging out would lose it.
    phone.context.route("**/api/v1/sync/", lambda route: route.abort())
    phone.context.set_offline(False)
    log_out(phone)
    phone.context.unroute("**/api/v1/sync/")
    assert warnings == [
        pt(
            "Some answers saved on this phone have not reached Rumo yet. If you log out now,"
            " they are lost. Log out anyway?"
        )
    ]
    assert phone.evaluate(QUEUED) == []
    assert (
        phone.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('rumo-seen-'))") == []
    )

    log_in(phone, base, second.username)
    phone.goto(f"{base}{quiz_session.url}")
    assert "Segredo da Ana" not in phone.content()
    # An event of the first learner still on the phone (an older app version, say) is not
    # sent with the second learner's session; the server would refuse it anyway.
    phone.evaluate(
        """([user, session]) => new Promise((done) => {
      const open = indexedDB.open("rumo-offline", 1);
      open.onsuccess = () => {
        const tx = open.result.transaction("events", "readwrite");
        tx.objectStore("events").put({id: crypto.randomUUID(), user, kind: "reflection",
          occurred_at: new Date().toISOString(), seq: 1,
          payload: {session, block_id: "x", text: "Segredo da Ana", shared: false}});
        tx.oncomplete = () => { open.result.close(); done(); };
      };
    })""",
        [first.pk, quiz_session.pk],
    )
    phone.reload()
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_timeout(1000)
    assert len(phone.evaluate(QUEUED)) == 1  # kept for its owner, not sent
    assert not Reflection.objects.exists() and not SyncEvent.objects.exists()


def test_attendance_offline_arrives_in_tap_order(live_server, phone, group, members, facilitator):  # noqa: F811
    scheduled = group.schedule.order_by("date").first()
    ana, bia, _caio = members
    log_in(phone, live_server.url, facilitator.username)
    phone.goto(f"{live_server.url}/pt-br/facilitate/{group.pk}/sessions/{scheduled.pk}/attendance/")

    phone.context.set_offline(True)
    for learner, status in ((ana, "present"), (bia, "late"), (ana, "absent")):
        phone.locator(f'[data-learner="{learner.pk}"] button[value="{status}"]').click()
        phone.wait_for_timeout(150)  # a person's taps, not a burst
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 3)")
    assert not AttendanceRecord.objects.exists()

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    assert dict(AttendanceRecord.objects.values_list("learner_id", "status")) == {
        ana.pk: "absent",
        bia.pk: "late",
    }
    history = AttendanceChange.objects.filter(learner=ana).order_by("changed_at", "pk")
    assert [c.new_status for c in history] == ["present", "absent"]


def test_a_session_opened_online_reopens_offline_and_leaves_at_logout(
    live_server, phone, quiz_session
):
    learner = UserFactory(username="caio_offline")
    log_in(phone, live_server.url, learner.username)
    url = f"{live_server.url}{quiz_session.url}"
    phone.goto(url)
    wait_until(phone, "navigator.serviceWorker.ready.then((r) => !!r.active)", timeout=15000)
    phone.goto(url)  # through the worker now: kept for this learner
    wait_until(phone, "caches.keys().then((k) => k.some((n) => n.startsWith('rumo-user-')))")

    phone.context.set_offline(True)
    phone.reload()
    assert quiz_session.title in phone.inner_text("h1")
    phone.goto(f"{live_server.url}/pt-br/never-opened/")
    assert phone.inner_text("h1") == pt("On this phone")
    wait_until(phone, "document.querySelectorAll('[data-kept-pages] a').length > 0")
    assert quiz_session.title in phone.inner_text("[data-kept-pages]")  # by title, not path

    phone.context.set_offline(False)
    phone.goto(url)
    log_out(phone)
    wait_until(phone, "caches.keys().then((k) => !k.some((n) => n.startsWith('rumo-user-')))")
