"""The learner journey on a 360×640 phone, in headless Chromium: sign up without email,
enrol, watch part of a video and come back to it, answer a quiz wrong then right, write a
reflection, switch language and find everything there, finish the session, see it done."""

import pytest
from django.core.management import call_command

from curriculum import api as curriculum_api
from curriculum.demo_video import demo_video_make
from curriculum.models import CurriculumPage, SessionPage, Video
from tests.browser.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def numeric_text(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def answer_quiz(page, quiz, *, right: bool):
    for n, question in enumerate(quiz.questions):
        fieldset = page.locator(f'[data-question="{question.id}"]')
        if question.is_numeric:
            value = question.answer if right or n else question.answer + question.tolerance + 7
            fieldset.locator("input").fill(numeric_text(value))
            continue
        for option in question.options:
            box = fieldset.locator(f'input[value="{option.id}"]')
            choose = option.correct if (right or n) else not option.correct
            if question.kind == "multiple_choice":
                box.set_checked(choose)
            elif choose:
                box.check()
                break
    page.locator("[data-quiz-form] button[type=submit]").click()


def play(page, seconds: float | None = None):
    """Play the session's video, for a while or to the end (eight times as fast: the demo
    videos last 30 to 90 seconds)."""
    page.evaluate(
        "(v => { v.playbackRate = 8; v.play(); })(document.querySelector('[data-video] video'))"
    )
    if seconds is None:
        wait_until(page, "document.querySelector('[data-video] video').ended", timeout=20000)
    else:
        wait_until(
            page,
            f"document.querySelector('[data-video] video').currentTime >= {seconds}",
            timeout=20000,
        )
        page.evaluate("document.querySelector('[data-video] video').pause()")


def test_learner_journey(live_server, phone):
    call_command("seed_curricula", limit=1, verbosity=0)
    for video in Video.objects.all():  # the worker's part, done here
        demo_video_make(video_id=video.pk)
    session = SessionPage.objects.get(
        locale__language_code="pt-br",
        number=1,
        title__isnull=False,
        depth=5,
        path__startswith=CurriculumPage.objects.get(
            kind="personal", locale__language_code="pt-br"
        ).path,
    )
    quiz_block = next(b for b in session.body if b.block_type == "quiz")
    quiz = curriculum_api.session_quiz(session=session, block_id=quiz_block.id)
    base = live_server.url

    # Sign up with a username only, in Portuguese.
    phone.goto(f"{base}/pt-br/accounts/signup/")
    phone.fill("input[name=username]", "joana_rural")
    phone.fill("input[name=password1]", "uma-senha-boa-123")
    phone.fill("input[name=password2]", "uma-senha-boa-123")
    phone.fill("input[name=birth_year]", "2000")
    phone.check("input[name=notice_accepted]")
    phone.check("input[name=preferred_language][value=pt-br]")
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url("**/pt-br/learn/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # Enrol in the personal-effectiveness curriculum.
    phone.get_by_role("link", name="Começar este curso").first.click()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pt-br/participants/profile/**")  # asked once, at enrolment
    phone.get_by_role("link", name="Agora não").click()
    phone.wait_for_url("**/pt-br/learn/")

    # Watch part of the video, leave, come back: it resumes there.
    phone.goto(f"{base}{session.url}")
    play(phone, seconds=2)
    phone.wait_for_timeout(500)  # the pause event's progress report
    phone.reload()
    resume = float(phone.locator("[data-video]").get_attribute("data-resume"))
    assert resume >= 1.5
    phone.evaluate("document.querySelector('[data-video] video').play()")
    wait_until(phone, f"document.querySelector('[data-video] video').currentTime >= {resume - 0.5}")
    play(phone)  # to the end: watched

    # A wrong answer, then the right ones, with feedback each time.
    answer_quiz(phone, quiz, right=False)
    first = phone.locator(f'[data-question="{quiz.questions[0].id}"]')
    first.locator(".verdict").wait_for()
    assert "is-wrong" in first.get_attribute("class")
    answer_quiz(phone, quiz, right=True)
    wait_until(
        phone,
        f"document.querySelector('[data-question=\"{quiz.questions[0].id}\"]').classList.contains('is-correct')",
    )
    assert "Aprovado" in phone.locator("[data-quiz-result]").inner_text()

    # A private reflection.
    phone.locator(".reflection textarea").fill("Quero terminar os estudos e abrir meu salão.")
    phone.locator(".reflection button[type=submit]").click()
    phone.wait_for_load_state()

    # Switch to Spanish: the same session, with everything still there.
    phone.get_by_role("button", name="Español").click()
    phone.wait_for_url("**/es/**")
    assert "Quero terminar os estudos" in phone.locator(".reflection textarea").input_value()
    assert "mejor 100%" in phone.locator("[data-quiz-result]").inner_text()
    assert float(phone.locator("[data-video]").get_attribute("data-resume")) >= 0

    # My path, in Spanish, shows the session done.
    phone.goto(f"{base}/es/learn/")
    done = phone.locator(".status-done")
    assert done.count() == 1
    assert "Completada" in done.inner_text()
