"""Uploaded videos and caption files are untrusted input."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from curriculum.models import Video, VideoCaption


def caption(content: bytes, name: str = "captions.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/vtt")


@pytest.fixture
def video(db) -> Video:
    return Video.objects.create(
        title="Clip", file=SimpleUploadedFile("clip.mp4", b"\x00" * 64, content_type="video/mp4")
    )


def test_a_webvtt_caption_file_is_accepted(video):
    track = VideoCaption(
        video=video, language="es", file=caption(b"WEBVTT\n\n00:00.000 --> 00:02.000\nHola\n")
    )
    track.full_clean()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<script>alert(1)</script>", "captions.vtt", "WEBVTT"),
        (b"WEBVTT\n\n\xff\xfe broken", "captions.vtt", "UTF-8"),
        (b"WEBVTT\n", "captions.srt", "extension"),
        (b"WEBVTT\n" + b"x" * (600 * 1024), "captions.vtt", "at most"),
    ],
    ids=["not-webvtt", "not-utf8", "wrong-extension", "too-large"],
)
def test_bad_caption_files_are_refused_with_a_reason(video, content, name, message):
    track = VideoCaption(video=video, language="es", file=caption(content, name))
    with pytest.raises(ValidationError) as caught:
        track.full_clean()
    assert message in str(caught.value)


def test_only_video_files_are_accepted(db):
    video = Video(title="Not a video", file=SimpleUploadedFile("run.exe", b"MZ"))
    with pytest.raises(ValidationError) as caught:
        video.full_clean()
    assert "file" in caught.value.message_dict


@override_settings(RUMO_VIDEO_MAX_UPLOAD_SIZE=1024)
def test_oversized_videos_are_refused_naming_the_limit(db):
    video = Video(title="Big", file=SimpleUploadedFile("big.mp4", b"\x00" * 2048))
    with pytest.raises(ValidationError) as caught:
        video.full_clean()
    assert "1.0\xa0KB" in caught.value.message_dict["file"][0]
