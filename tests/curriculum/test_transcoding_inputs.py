"""ffmpeg reads an upload as nothing but a local MP4/MOV or WebM file: a playlist or a concat
script disguised as a video cannot make it read other files on the server or fetch URLs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from curriculum import transcoding
from curriculum.demo_video import ffmpeg_executable
from curriculum.models import Video
from curriculum.transcoding import INPUT_LIMITS, TranscodeError, media_info, video_transcode
from tests.curriculum.test_transcoding import clip, make_clip, media_root, upload

__all__ = ["clip", "media_root"]  # fixtures


def test_a_script_named_like_a_video_cannot_read_other_files(tmp_path):
    # A real video elsewhere on the server, and scripts pointing at it. Without the allow-lists
    # ffmpeg follows a concat script (and older versions an HLS playlist) and reads the other
    # file as if it were the upload.
    make_clip(tmp_path / "secret.mp4", seconds=2)
    concat = tmp_path / "lesson.webm"
    concat.write_text("ffconcat version 1.0\nfile 'secret.mp4'\n")
    playlist = tmp_path / "lesson.mp4"
    playlist.write_text("#EXTM3U\n#EXTINF:2,\nsecret.mp4\n#EXT-X-ENDLIST\n")
    for disguised in (concat, playlist):
        with pytest.raises(TranscodeError):
            media_info(path=disguised)


@pytest.mark.django_db
def test_a_disguised_script_upload_fails_with_the_clear_error(clip):
    # Another author's video in the same upload folder, named the way the concat demuxer's
    # own "safe" mode lets through.
    other = upload(clip)
    name = Path(other.file.name).name
    video = upload(f"ffconcat version 1.0\nfile '{name}'\n".encode(), "lesson.mov")
    assert Path(video.file.path).parent == Path(other.file.path).parent
    video_transcode(video_id=video.pk)
    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert video.error == "This file could not be read as a video."
    assert not video.renditions.exists()


@pytest.mark.django_db
def test_every_ffmpeg_input_is_limited_and_webm_still_converts(tmp_path, monkeypatch):
    webm = tmp_path / "lesson.webm"
    subprocess.run(
        [
            ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
            "-c:v", "libvpx", "-b:v", "300k", str(webm),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    calls: list[tuple[str, ...]] = []
    run = transcoding._ffmpeg

    def recording(*args: str, timeout: float):
        calls.append(args)
        return run(*args, timeout=timeout)

    monkeypatch.setattr(transcoding, "_ffmpeg", recording)
    video = upload(webm.read_bytes(), "lesson.webm")
    video_transcode(video_id=video.pk)
    video.refresh_from_db()
    assert video.status == Video.Status.READY, video.error
    assert video.poster and video.renditions.count() == 1
    inputs = [(args, n) for args in calls for n, arg in enumerate(args) if arg == "-i"]
    assert len(inputs) >= 4  # probe, encode, probe the rendition, poster
    for args, n in inputs:
        assert args[n - 4 : n] == INPUT_LIMITS, args
    assert INPUT_LIMITS[:2] == ("-protocol_whitelist", "file")
