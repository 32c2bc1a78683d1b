"""With the Content-Security-Policy on, Chromium reports no violation on the pages that run
the most: a session page with its video player, calculators and quiz, the group dashboard, the
register, session mode, and Wagtail's admin (which has a policy of its own)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from curriculum import api as curriculum_api
from curriculum.demo_video import demo_video_make
from curriculum.models import CurriculumPage, SessionPage, Video
from lms.accounts.models import User
from lms.cohorts.services import group_create, membership_join, schedule_generate
from lms.core.roles import Role
from tests.browser.conftest import ConsoleWatch
from tests.factories import block

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "senha-de-teste-42"
CALCULATORS = [
    block("price_calculator", {"title": "Preço", "intro": "", "currency": "BRL"}, "calc-price"),
    block("break_even_calculator", {"title": "Ponto", "intro": "", "currency": "BRL"}, "calc-be"),
    block("cash_flow_calculator", {"title": "Caixa", "intro": "", "currency": "BRL"}, "calc-cash"),
]  # fmt: skip


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/pt-br/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_no_policy_violation_on_the_busiest_pages(live_server, browser):
    call_command("seed_curricula", limit=1, verbosity=0)
    for video in Video.objects.all():  # the worker's part, done here
        demo_video_make(video_id=video.pk)
    curriculum = CurriculumPage.objects.get(kind="personal", locale__language_code="pt-br")
    session = SessionPage.objects.get(
        locale__language_code="pt-br", number=1, path__startswith=curriculum.path, depth=5
    )
    session.body = [*session.body.raw_data, *CALCULATORS]
    session.save_revision().publish()
    roles = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    learner = User.objects.create_user("joana", first_name="Joana", password=PASSWORD)
    facilitator = User.objects.create_user("camila", first_name="Camila", password=PASSWORD)
    facilitator.groups.add(roles[Role.FACILITATOR])
    User.objects.create_superuser("root", password=PASSWORD)
    outline = curriculum_api.curriculum_outline(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    group = group_create(
        name="Grupo",
        curriculum_key=curriculum.translation_key,
        facilitators=[facilitator],
        created_by=facilitator,
        start_date=timezone.localdate(),
    )
    schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for m in outline.modules for s in m.sessions],
        first_date=timezone.localdate() - timedelta(days=1),
        weekdays=list(range(7)),
    )
    membership_join(group=group, learner=learner)
    scheduled = group.schedule.order_by("date").first()
    base = live_server.url

    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    page = context.new_page()
    watch = ConsoleWatch(page)
    log_in(page, base, "joana")
    page.goto(f"{base}{session.url}")
    assert page.locator("[data-video] video").count() == 1
    page.evaluate("document.querySelector('[data-video] video').play()")
    page.wait_for_function(
        "() => document.querySelector('[data-video] video').currentTime >= 1", timeout=20000
    )
    price = page.locator("#b-calc-price")
    price.locator("input").first.fill("7")
    price.locator("input").nth(1).fill("30")
    page.wait_for_function("() => !document.querySelector('#b-calc-price [data-result]').hidden")
    page.locator("[data-quiz-form] button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-quiz-result]').textContent.trim() !== ''"
    )
    context.close()

    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    page = context.new_page()
    watch.follow(page)
    log_in(page, base, "camila")
    page.goto(f"{base}/pt-br/facilitate/{group.pk}/")
    page.locator("table#matrix").wait_for()
    page.goto(f"{base}/pt-br/facilitate/{group.pk}/sessions/{scheduled.pk}/run/")
    page.click("[data-timer-start]")
    page.click("[data-attendance-link]")
    page.wait_for_url(f"**/sessions/{scheduled.pk}/attendance/")
    page.locator(f'li[data-learner="{learner.pk}"] button[value=present]').click()
    page.wait_for_function(
        f'() => document.querySelector(\'li[data-learner="{learner.pk}"] '
        "button[value=present]').getAttribute('aria-pressed') === 'true'"
    )
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    page = context.new_page()
    watch.follow(page)
    page.goto(f"{base}/admin/")  # the admin's login sends people to Rumo's one login page
    page.fill("input[name=login]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    for path in (f"/admin/pages/{session.pk}/edit/", "/admin/images/", "/admin/snippets/"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    assert page.locator("main, #main").count()
    context.close()

    assert watch.visited >= 10
    assert watch.violations == [], watch.violations
    assert watch.errors == [], watch.errors
