"""Download for offline on a 360×640 phone in headless Chromium: the learner sees the size
before anything is fetched, downloads a session, loses the network, reopens the session from
the phone, plays and seeks its video (answered in byte ranges from the phone), answers the
quiz and writes a reflection; back online, the server holds each once and shows the quiz
feedback. "On this phone" lists the download by title with its size, and removes it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from curriculum import api as curriculum_api
from curriculum.demo_video import ffmpeg_executable
from curriculum.models import Video
from curriculum.models.snippets import VideoCaption, VideoRendition
from lms.api.models import SyncEvent
from lms.portfolio.models import Reflection
from lms.quizzes.models import QuizAttempt
from tests.browser.test_offline import QUEUED, answer_right, log_in, pt
from tests.browser.waiting import wait_until
from tests.factories import (
    UserFactory,
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "document.querySelector('[data-video] video')"


def clip(folder: Path) -> bytes:
    """Twenty seconds at 240p with a key frame a second, made in about a second."""
    out = folder / "clip.mp4"
    subprocess.run(
        [
            ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=size=426x240:rate=5",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050", "-t", "20",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "5",
            "-c:a", "aac", "-b:a", "32k", "-ac", "1", "-movflags", "+faststart", str(out),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return out.read_bytes()


@pytest.fixture
def ready_video(tmp_path, monkeypatch) -> Video:
    """A converted video as the transcoder leaves it (a 240p rendition, a poster, captions),
    without running the converter."""
    monkeypatch.setattr("curriculum.queueing.task_send_on_commit", lambda **kwargs: None)
    data = clip(tmp_path)
    video = Video.objects.create(title="Aula", file=SimpleUploadedFile("aula.mp4", data))
    VideoRendition.objects.create(
        video=video, height=240, bitrate_kbps=80, size_bytes=len(data),
        file=SimpleUploadedFile("aula-240p.mp4", data),
    )  # fmt: skip
    VideoCaption.objects.create(
        video=video,
        language="pt-br",
        file=SimpleUploadedFile("aula.vtt", b"WEBVTT\n\n00:00.000 --> 00:20.000\nOla\n"),
    )
    video.poster.save("aula.jpg", SimpleUploadedFile("aula.jpg", b"\xff\xd8\xff\xd9"), save=False)
    Video.objects.filter(pk=video.pk).update(status=Video.Status.READY, poster=video.poster.name)
    return video


@pytest.fixture
def video_session(tree, ready_video):
    page = tree["session"]
    page.body = [
        block("text", "## Lesson\n\nSome text."),
        block("video", {"video": ready_video.pk, "caption": "", "required": True}, "vid"),
        quiz(single_choice("Pick one"), multiple_choice(), numeric_question()),
        reflection(),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_downloaded_session_works_offline_and_its_answers_arrive_once(
    live_server, phone, video_session, ready_video
):
    learner = UserFactory(username="dora_download", preferred_language="pt-br")
    quiz_block = next(b for b in video_session.body if b.block_type == "quiz")
    quiz_def = curriculum_api.session_quiz(session=video_session, block_id=quiz_block.id)
    rendition = ready_video.renditions.get()
    base = live_server.url
    log_in(phone, base, learner.username)
    phone.goto(f"{base}{video_session.url}")
    wait_until(phone, "navigator.serviceWorker.ready.then((r) => !!r.active)", timeout=15000)
    fetched = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.reload()  # now under the worker's control

    # The size first, before any byte of the video is fetched.
    link = phone.locator(f'a[href="/pt-br/learn/offline/{video_session.pk}/"]')
    assert pt("Download for offline") in link.inner_text()
    assert "," in link.inner_text()  # "229,4 KB": the decimal comma of pt-BR
    link.click()
    box = phone.locator("[data-download]")
    button = box.locator("[data-download-start]")
    button.wait_for()
    size = int(box.get_attribute("data-size"))
    assert size > rendition.size_bytes
    wait_until(phone, "!document.querySelector('[data-download-space]').hidden")
    assert not any(rendition.file.url in url for url in fetched)

    button.click()
    box.locator("[data-download-kept]").wait_for(timeout=20000)
    assert pt("On this phone") in box.inner_text()
    # Only the download now: the pages kept as they were opened leave the phone.
    phone.evaluate(
        "caches.keys().then((k) => Promise.all(k.filter((n) => n.endsWith('-pages'))"
        ".map((n) => caches.delete(n))))"
    )

    # Offline: the session reopens from the phone, the video plays and seeks from its cache.
    statuses: list[int] = []
    phone.on(
        "response",
        lambda r: statuses.append(r.status) if rendition.file.url in r.url else None,
    )
    phone.context.set_offline(True)
    phone.goto(f"{base}{video_session.url}")
    assert video_session.title in phone.inner_text("h1")
    phone.evaluate(f"{VIDEO}.muted = true; {VIDEO}.play()")
    wait_until(phone, f"{VIDEO}.currentTime > 0.5", timeout=15000)
    phone.evaluate(f"{VIDEO}.pause(); {VIDEO}.currentTime = 15")
    wait_until(phone, f"!{VIDEO}.seeking && {VIDEO}.readyState >= 2", timeout=15000)
    assert 14.5 <= phone.evaluate(f"{VIDEO}.currentTime") <= 15.5
    assert phone.evaluate(f"{VIDEO}.error") is None
    assert phone.evaluate(f"{VIDEO}.duration") == pytest.approx(20, abs=0.5)
    assert 206 in statuses, statuses  # byte ranges, answered by the worker

    # A quiz and a reflection, offline.
    answer_right(phone, quiz_def)
    wait_until(phone, "document.querySelector('[data-quiz-result]').textContent.length > 0")
    assert phone.inner_text("[data-quiz-result]") == pt("Saved — scored when you are back online.")
    phone.fill("textarea[name=text]", "Vou guardar as aulas no celular.")
    phone.locator("[data-offline-form=reflection] button[type=submit]").click()
    wait_until(
        phone,
        f"({QUEUED}).then((rows) => rows.filter((e) => e.kind !== 'video_progress').length === 2)",
    )
    queued = phone.evaluate(QUEUED)
    assert sorted(e["kind"] for e in queued if e["kind"] != "video_progress") == [
        "quiz_submit",
        "reflection",
    ]
    assert not QuizAttempt.objects.exists() and not Reflection.objects.exists()

    # Back online: each arrives once, and the quiz feedback shows.
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # a second flush sends nothing
    phone.wait_for_timeout(500)
    assert QuizAttempt.objects.filter(learner=learner).count() == 1
    assert QuizAttempt.objects.get(learner=learner).passed
    assert Reflection.objects.get(learner=learner).text == "Vou guardar as aulas no celular."
    held = list(SyncEvent.objects.filter(user=learner).values_list("kind", flat=True))
    assert sorted(k for k in held if k != "video_progress") == ["quiz_submit", "reflection"]
    assert Reflection.objects.count() == 1
    phone.reload()
    assert "100%" in phone.inner_text(f"#b-{quiz_block.id} [data-quiz-result]")

    # On this phone: the download by its title and size, and removing it.
    phone.goto(f"{base}/pt-br/offline/")
    row = phone.locator("[data-downloads] li").first
    wait_until(phone, "!!document.querySelector('[data-downloads] button')")
    assert video_session.title in row.inner_text()
    assert "KB" in row.inner_text() and "," in row.inner_text()
    wait_until(phone, "!document.querySelector('[data-storage]').hidden")
    row.locator("button").click()
    wait_until(phone, "!document.querySelector('[data-downloads] button')")
    cached = phone.evaluate(
        "caches.open(`rumo-user-${document.body.dataset.user}-downloads`)"
        ".then((c) => c.keys()).then((k) => k.map((r) => r.url))"
    )
    assert not any(rendition.file.url in url for url in cached)
