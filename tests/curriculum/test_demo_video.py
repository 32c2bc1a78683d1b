"""The demo's lesson videos: slides of the session's key points, with captions that say and time
exactly what the slides show, drawn and converted by the worker at 360p."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageChops, ImageStat

from curriculum import demo_video
from curriculum.demo_video import (
    MAX_SECONDS,
    MIN_SECONDS,
    ffmpeg_executable,
    slide_image,
    slide_script,
    slides_clip,
    slides_from_webvtt,
    webvtt,
)
from curriculum.models import Video, VideoCaption
from curriculum.seeding import CONTENT_DIR, CURRICULA, _session_files
from curriculum.transcoding import media_info
from lms import celery_app

SESSIONS = [path for name in CURRICULA for path in _session_files(CONTENT_DIR / name)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def sent_tasks(monkeypatch) -> list[str]:
    """The names of the tasks sent to the broker (none is sent for real)."""
    sent: list[str] = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, *a, **k: sent.append(name))
    return sent


@pytest.mark.parametrize("language", ["pt-br", "es"])
def test_every_demo_session_gets_a_30_to_90_second_script_of_its_key_points(language):
    for path in SESSIONS:
        data = json.loads(path.read_text(encoding="utf-8"))[language]
        slides = slide_script(title=data["title"], points=data["key_points"])
        assert [s.text for s in slides] == [data["title"], *data["key_points"]], path.name
        assert MIN_SECONDS <= slides[-1].end <= MAX_SECONDS, path.name
        assert slides[0].start == 0
        assert all(a.end == b.start for a, b in itertools.pairwise(slides))
        assert all(s.end - s.start >= 4 for s in slides), path.name
        assert {s.heading for s in slides[1:]} == {data["title"]}


def test_short_and_long_scripts_are_stretched_or_cut_to_the_limits():
    assert slide_script(title="T", points=["a"])[-1].end == MIN_SECONDS
    assert slide_script(title="T", points=["x" * 300] * 12)[-1].end == MAX_SECONDS


def test_the_caption_track_reads_back_as_the_same_slides():
    slides = slide_script(title="¿Quién soy yo?", points=["Uno: sí.", "Dos, con\nsalto"])
    vtt = webvtt(slides)
    assert vtt.startswith("WEBVTT\n")
    assert f"\n00:00:00.000 --> 00:00:{slides[0].end:06.3f}\n¿Quién soy yo?\n\n" in vtt
    assert slides_from_webvtt(vtt) == slides
    assert slides_from_webvtt(vtt.replace("\n", "\r\n")) == slides


def frame_at(clip: Path, seconds: float, out: Path) -> Image.Image:
    subprocess.run(
        [
            ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y",
            "-ss", f"{seconds:.2f}", "-i", str(clip), "-frames:v", "1", str(out),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return Image.open(out).convert("RGB")


def difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_the_clip_shows_each_slide_while_its_caption_is_on(tmp_path):
    slides = slide_script(
        title="Separar o dinheiro",
        points=["Conta da casa e conta do negócio.", "Pague-se um salário fixo."],
    )
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(slides_clip(slides))

    info = media_info(path=clip)
    assert (info.width, info.height) == (640, 360)  # 360p: both renditions exist
    assert abs(info.duration - slides[-1].end) <= 0.5
    pictures = [slide_image(s, number=n + 1, count=len(slides)) for n, s in enumerate(slides)]
    for n, slide in enumerate(slides):
        frame = frame_at(clip, (slide.start + slide.end) / 2, tmp_path / f"f{n}.png")
        own = difference(frame, pictures[n])
        others = [difference(frame, p) for m, p in enumerate(pictures) if m != n]
        assert own < 2 < min(others), (n, own, others)


@pytest.mark.django_db
def test_the_worker_draws_and_converts_a_demo_video_without_queuing_more(sent_tasks):
    slides = slide_script(title="Quem sou eu?", points=["Você é mais do que um papel."])
    video = Video.objects.create(title="Demo", duration_seconds=slides[-1].end)
    caption = VideoCaption(video=video, language="pt-br")
    caption.file.save("demo.vtt", ContentFile(webvtt(slides).encode()), save=True)
    assert sent_tasks == []  # a video without a file has nothing to convert yet
    assert video.being_prepared

    demo_video.demo_video_make(video_id=video.pk)

    video.refresh_from_db()
    assert video.status == Video.Status.READY, video.error
    assert not video.being_prepared
    assert [r.height for r in video.renditions.all()] == [240, 360]
    assert abs(video.duration_seconds - slides[-1].end) <= 0.5
    assert video.poster
    assert sent_tasks == []  # it converted what it drew: no second conversion queued

    drawn = video.file.name
    demo_video.demo_video_make(video_id=video.pk)  # a redelivered message changes nothing
    video.refresh_from_db()
    assert video.file.name == drawn and video.status == Video.Status.READY
