import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page
from wagtail_localize.models import Translation

from curriculum.demo_content.schema import validate_session
from curriculum.models import CurriculumPage, SessionPage, Video, VideoCaption
from curriculum.seeding import CONTENT_DIR, CURRICULA, _session_files
from lms import celery_app


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "sessions": SessionPage.objects.count(),
        "translations": Translation.objects.count(),
        "videos": Video.objects.count(),
        "captions": VideoCaption.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_new():
    call_command("seed_demo", limit=1, verbosity=0)
    first = counts()
    assert first["sessions"] == 2 * len(CURRICULA)  # one per curriculum, in two languages
    assert first["videos"] == 2 * len(CURRICULA)  # one per language
    assert first["captions"] == 2 * len(CURRICULA)  # each in its own language

    call_command("seed_demo", limit=1, verbosity=0)
    assert counts() == first


@pytest.mark.django_db
def test_seeded_pages_exist_in_both_languages_with_shared_keys(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # translations publish on commit
        call_command("seed_curricula", limit=1, no_video=True, verbosity=0)
    for page in SessionPage.objects.filter(locale__language_code="pt-br"):
        es = page.get_translation(page.locale.__class__.objects.get(language_code="es"))
        assert es.live and page.live
        assert es.translation_key == page.translation_key
        assert [b.id for b in es.body] == [b.id for b in page.body]
        assert es.title != page.title
    assert CurriculumPage.objects.filter(locale__language_code="es").count() == len(CURRICULA)


@pytest.mark.django_db
def test_demo_accounts_log_in(client):
    from lms.accounts.services import DEMO_ACCOUNTS, DEMO_PASSWORD

    call_command("seed_demo", limit=1, no_video=True, verbosity=0)
    for account in DEMO_ACCOUNTS:
        response = client.post(
            "/pt-br/accounts/login/", {"login": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.username
        client.logout()


@pytest.mark.parametrize(
    "path",
    [*_session_files(CONTENT_DIR / "personal"), *_session_files(CONTENT_DIR / "enterprise")],
    ids=lambda p: p.name,
)
def test_every_demo_session_file_is_complete(path):
    assert validate_session(json.loads(path.read_text(encoding="utf-8"))) == []


def test_demo_curricula_are_complete():
    personal = [json.loads(p.read_text()) for p in _session_files(CONTENT_DIR / "personal")]
    enterprise = [json.loads(p.read_text()) for p in _session_files(CONTENT_DIR / "enterprise")]
    assert sorted(s["number"] for s in personal) == list(range(1, 25))
    assert {s["module"] for s in personal} == {1, 2, 3, 4, 5, 6}
    assert all(s["planned_minutes"] == 210 for s in personal)
    workshops = [s for s in enterprise if s["key"].startswith("ent-w")]
    refreshers = [s for s in enterprise if s["key"].startswith("ent-r")]
    assert len(workshops) == 4
    assert all(
        s["levels"] == [1, 2, 3] and len(s["pt-br"]["level_variants"]) == 3 for s in workshops
    )
    assert len(refreshers) >= 8
    for refresher in refreshers:
        assert [e["currency"] for e in refresher["es"]["examples"]] == ["BRL", "CLP", "PEN"]


@pytest.mark.django_db
def test_full_demo_has_every_session_in_both_languages_and_reseeding_adds_nothing():
    call_command("seed_curricula", no_video=True, verbosity=0)
    first = counts()
    for language in ("pt-br", "es"):
        personal = CurriculumPage.objects.get(kind="personal", locale__language_code=language)
        enterprise = CurriculumPage.objects.get(kind="enterprise", locale__language_code=language)
        assert SessionPage.objects.descendant_of(personal).count() == 24
        assert SessionPage.objects.descendant_of(enterprise).count() == 12
        planned = {s.planned_minutes for s in SessionPage.objects.descendant_of(personal)}
        assert planned == {210}
    call_command("seed_curricula", no_video=True, verbosity=0)
    assert counts() == first


@pytest.fixture
def sent_tasks(monkeypatch) -> list[tuple[str, tuple]]:
    """The tasks sent to the broker, by name and arguments (none is sent for real)."""
    sent: list[tuple[str, tuple]] = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, args=(), *a, **k: sent.append((name, tuple(args)))
    )
    return sent


@pytest.mark.django_db
def test_the_seed_queues_each_new_video_once_and_never_a_stale_conversion(
    sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_curricula", limit=1, verbosity=0)
    videos = list(Video.objects.order_by("pk"))
    assert sent_tasks == [("curriculum.tasks.demo_video_make_task", (v.pk,)) for v in videos]
    assert all(v.being_prepared for v in videos)  # drawn by the worker, not by the seed

    sent_tasks.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_curricula", limit=1, verbosity=0)
    assert sent_tasks == []


@pytest.mark.django_db(transaction=True)  # Spanish pages are routed once committed
def test_each_language_gets_its_own_video_with_captions_of_its_key_points(sent_tasks, client):
    from curriculum import demo_video

    call_command("seed_curricula", limit=1, verbosity=0)
    data = json.loads((CONTENT_DIR / "personal" / "s01.json").read_text(encoding="utf-8"))
    source = SessionPage.objects.get(locale__language_code="pt-br", title=data["pt-br"]["title"])
    translated = SessionPage.objects.get(
        translation_key=source.translation_key, locale__language_code="es"
    )
    for page, language in ((source, "pt-br"), (translated, "es")):
        video = page.body[0].value["video"]
        captions = list(video.captions.all())
        assert [c.language for c in captions] == [language]
        slides = demo_video.slides_from_webvtt(captions[0].file.read().decode())
        assert [s.text for s in slides] == [data[language]["title"], *data[language]["key_points"]]
        assert video.duration_seconds == slides[-1].end

        html = client.get(page.url).content.decode()
        prepared = {
            "pt-br": "Este vídeo está sendo preparado para celulares e conexões lentas.",
            "es": "Este video se está preparando para celulares y conexiones lentas.",
        }[language]
        assert prepared in html
        assert "<video" not in html
    assert source.body[0].value["video"] != translated.body[0].value["video"]
    assert source.body[0].id == translated.body[0].id  # progress is keyed on it
