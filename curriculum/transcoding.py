"""Small H.264/AAC renditions of uploaded videos, for cheap phones on slow, metered connections.

ffmpeg is the system one or the imageio-ffmpeg static binary (``demo_video.ffmpeg_executable``).
There is no ffprobe, so what we need to know about a file is read from ffmpeg's own report.

Every output is written to a temporary folder, then stored under a fresh name; the database
switches to the new files in one transaction and the old files are deleted after the commit. A
learner is never sent a half-written file, and running the service again (a retried task, a
re-upload) simply replaces what was there.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from curriculum.demo_video import ffmpeg_executable
from curriculum.models.snippets import Video, VideoRendition

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    height: int
    video_kbps: int
    audio_kbps: int
    audio_rate: int


# Lowest first: the player offers them in this order and plays the first by default.
PROFILES = (
    Profile(height=240, video_kbps=110, audio_kbps=32, audio_rate=22050),
    Profile(height=360, video_kbps=250, audio_kbps=48, audio_rate=44100),
)
# Capped CRF rather than a fixed bitrate: slides and talking heads come out far below the cap
# (learners pay per megabyte), busy footage never goes above it.
CRF = 26
# Encoded once, downloaded many times on metered data: the slower preset's smaller files win.
PRESET = "slow"
MAX_FPS = 30
PROBE_TIMEOUT = 120
# Uploads are untrusted: ffmpeg may read nothing but the local file it is given, and only as
# one of the containers authors may upload (MP4/MOV/M4V and WebM). A playlist or concat script
# named lesson.mp4 would otherwise pull in other files on the server or fetch URLs.
INPUT_LIMITS = ("-protocol_whitelist", "file", "-format_whitelist", "mov,mp4,matroska,webm")


class TranscodeError(Exception):
    """The file cannot be turned into renditions; ``message`` tells the author why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MediaInfo:
    width: int
    height: int
    duration: float | None
    fps: float | None
    bitrate_kbps: int | None


_DURATION = re.compile(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_BITRATE = re.compile(r"bitrate: (\d+) kb/s")
_SIZE = re.compile(r", (\d{2,5})x(\d{2,5})[ ,]")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")


def _ffmpeg(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments and file paths, no shell
        [ffmpeg_executable(), "-hide_banner", "-nostdin", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def media_info(*, path: Path) -> MediaInfo:
    """What ffmpeg reports about the first real video stream of ``path``.

    Decoding one frame (rather than only reading the header) catches files that merely look
    like videos. ``0:V`` skips cover art, so an audio file is not mistaken for a video.
    """
    result = _ffmpeg(
        *INPUT_LIMITS, "-i", str(path), "-map", "0:V:0", "-frames:v", "1", "-f", "null", "-",
        timeout=PROBE_TIMEOUT,
    )  # fmt: skip
    report = result.stderr.split("\nOutput #0")[0]
    stream = next(
        (
            line
            for line in report.splitlines()
            if ": Video: " in line and "(attached pic)" not in line
        ),
        None,
    )
    size = _SIZE.search(stream or "")
    if result.returncode != 0 or size is None:
        raise TranscodeError(_("This file could not be read as a video."))
    duration = _DURATION.search(report)
    bitrate = _BITRATE.search(report)
    fps = _FPS.search(stream or "")
    return MediaInfo(
        width=int(size[1]),
        height=int(size[2]),
        duration=(
            int(duration[1]) * 3600 + int(duration[2]) * 60 + float(duration[3])
            if duration
            else None
        ),
        fps=float(fps[1]) if fps else None,
        bitrate_kbps=int(bitrate[1]) if bitrate else None,
    )


def _short_side(height: int) -> str:
    # The short side gets the nominal height, so a portrait phone video at "240p" is 240 wide
    # rather than a sliver; -2 keeps the other side even, as H.264 requires.
    return f"scale=w='if(gte(iw,ih),-2,{height})':h='if(gte(iw,ih),{height},-2)'"


def _encode(source: Path, info: MediaInfo, profiles: list[Profile], folder: Path) -> list[Path]:
    """Encode every profile in one ffmpeg run, so a long upload is decoded only once."""
    fps = f",fps={MAX_FPS}" if info.fps and info.fps > MAX_FPS + 0.5 else ""
    labels = [f"v{n}" for n in range(len(profiles))]
    graph = f"[0:V:0]split={len(profiles)}" + "".join(f"[s{n}]" for n in range(len(profiles)))
    graph += "".join(
        f";[s{n}]{_short_side(p.height)}{fps}[{label}]"
        for n, (p, label) in enumerate(zip(profiles, labels, strict=True))
    )
    args = ["-y", *INPUT_LIMITS, "-i", str(source), "-filter_complex", graph]
    outputs = []
    for profile, label in zip(profiles, labels, strict=True):
        out = folder / f"{profile.height}p.mp4"
        outputs.append(out)
        args += [
            "-map", f"[{label}]", "-map", "0:a:0?",
            # Main profile, level 3.0: decoded in hardware by practically every Android phone.
            "-c:v", "libx264", "-preset", PRESET, "-profile:v", "main", "-level:v", "3.0",
            "-pix_fmt", "yuv420p", "-crf", str(CRF),
            # A two-second buffer: peaks stay playable on a link just above the average rate.
            "-maxrate", f"{profile.video_kbps}k", "-bufsize", f"{2 * profile.video_kbps}k",
            "-c:a", "aac", "-ac", "1", "-ar", str(profile.audio_rate),
            "-b:a", f"{profile.audio_kbps}k",
            # Phones write the place of recording into the file; learners need none of it.
            "-map_metadata", "-1", "-map_chapters", "-1",
            # Index first, so playback and seeking start before the whole file has arrived.
            "-movflags", "+faststart",
            str(out),
        ]  # fmt: skip
    # Generous: a slow preset on a small worker runs at a few times real time at worst.
    timeout = 600 + 4 * (info.duration or 3 * 3600)
    result = _ffmpeg("-loglevel", "error", *args, timeout=timeout)
    if result.returncode != 0 or not all(out.is_file() and out.stat().st_size for out in outputs):
        logger.warning("ffmpeg could not convert %s: %s", source, result.stderr[-2000:])
        raise TranscodeError(
            _(
                "This video could not be converted. Export it again as MP4 (H.264) "
                "and upload it again."
            )
        )
    return outputs


def _poster(source: Path, *, at: float, height: int, folder: Path) -> Path | None:
    """A small JPEG frame; a video without one still plays, so failure is not fatal."""
    out = folder / "poster.jpg"
    # The chosen moment, then the first frame: some files cannot seek, or end earlier than
    # their header says.
    for seconds in dict.fromkeys((at, 0.0)):
        out.unlink(missing_ok=True)
        _ffmpeg(
            "-loglevel", "error", "-y", "-ss", f"{seconds:.3f}", *INPUT_LIMITS, "-i", str(source),
            "-map", "0:V:0", "-frames:v", "1", "-vf", _short_side(height), "-q:v", "5",
            str(out),
            timeout=PROBE_TIMEOUT,
        )  # fmt: skip
        if out.is_file() and out.stat().st_size:
            return out
    logger.warning("ffmpeg could not take a poster frame from %s", source)
    return None


def _poster_time(duration: float) -> float:
    # Long videos often open on a black frame or a fade, so look a tenth of the way in; short
    # clips at one second (or halfway through the very shortest).
    return duration * 0.1 if duration >= 10 else min(1.0, duration / 2)


@contextmanager
def _local_file(field_file: FieldFile) -> Iterator[Path]:
    try:
        path = field_file.path
    except NotImplementedError:  # remote storage: ffmpeg needs a file on disk
        path = None
    if path is not None:
        yield Path(path)
        return
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as copy:
        with field_file.open("rb") as original:
            shutil.copyfileobj(original, copy)
        copy.flush()
        yield Path(copy.name)


def _store(field: models.FileField, filename: str, path: Path) -> str:
    """Save under a fresh name (never over a file a learner may be downloading)."""
    with path.open("rb") as content:
        return field.storage.save(
            field.generate_filename(None, filename), File(content), max_length=field.max_length
        )


def _delete_files(names: Iterable[str]) -> None:
    storage = VideoRendition._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)


def _replace(
    *, video_id: int, source_name: str, renditions: list[VideoRendition], **fields: object
) -> bool:
    """Swap in new renditions and fields; False if the upload changed meanwhile."""
    with transaction.atomic():
        video = Video.objects.select_for_update().filter(pk=video_id).first()
        if video is None or video.file.name != source_name:
            # Deleted, or a newer upload arrived, whose own task converts it.
            return False
        old = [r.file.name for r in video.renditions.all()] + [video.poster.name]
        video.renditions.all().delete()
        VideoRendition.objects.bulk_create(renditions)
        # update(), not save(): no upload-change check, and a title edited meanwhile stays.
        Video.objects.filter(pk=video_id).update(**fields)
        transaction.on_commit(partial(_delete_files, old), robust=True)
    return True


def _fail(*, video_id: int, source_name: str, message: str) -> None:
    _replace(
        video_id=video_id,
        source_name=source_name,
        renditions=[],
        status=Video.Status.FAILED,
        error=message,
        poster="",
        duration_seconds=None,
    )


@dataclass(frozen=True)
class _Result:
    renditions: list[VideoRendition]
    poster: str
    duration: float | None


def _convert(*, video_id: int, source: Path, folder: Path, stored: list[str]) -> _Result:
    """Encode, measure and store the outputs; ``stored`` collects names to clean up on error."""
    info = media_info(path=source)
    # Never upscale: a taller rendition of a small upload costs bytes and adds nothing.
    profiles = [p for p in PROFILES if p.height <= min(info.width, info.height)] or [PROFILES[0]]
    rendition_field = VideoRendition._meta.get_field("file")
    duration = info.duration
    renditions = []
    for profile, path in zip(profiles, _encode(source, info, profiles, folder), strict=True):
        measured = media_info(path=path)
        duration = measured.duration or duration
        size = path.stat().st_size
        name = _store(rendition_field, f"{video_id}-{profile.height}p.mp4", path)
        stored.append(name)
        renditions.append(
            VideoRendition(
                video_id=video_id,
                height=profile.height,
                file=name,
                size_bytes=size,
                bitrate_kbps=(
                    round(size * 8 / duration / 1000) if duration else measured.bitrate_kbps or 0
                ),
            )
        )
    poster = ""
    frame = _poster(
        source, at=_poster_time(duration or 0), height=profiles[-1].height, folder=folder
    )
    if frame is not None:
        poster = _store(Video._meta.get_field("poster"), f"{video_id}.jpg", frame)
        stored.append(poster)
    return _Result(renditions=renditions, poster=poster, duration=duration)


def video_transcode(*, video_id: int, skip_if_ready: bool = False) -> None:
    """Make the 240p/360p renditions, poster and duration of a video.

    ``skip_if_ready`` lets a queued task that arrives after the work was done (a redelivery, or
    the demo seed converting synchronously) return at once.
    """
    video = Video.objects.filter(pk=video_id).first()
    if video is None or (skip_if_ready and video.status == Video.Status.READY):
        return
    source_name = video.file.name
    fail = partial(_fail, video_id=video_id, source_name=source_name)
    if not source_name or not video.file.storage.exists(source_name):
        fail(message=_("The uploaded file is missing. Upload it again."))
        return
    Video.objects.filter(pk=video_id).update(status=Video.Status.PROCESSING, error="")

    stored: list[str] = []
    try:
        with (
            _local_file(video.file) as source,
            tempfile.TemporaryDirectory(prefix="rumo-video-") as folder,
        ):
            result = _convert(video_id=video_id, source=source, folder=Path(folder), stored=stored)
        replaced = _replace(
            video_id=video_id,
            source_name=source_name,
            renditions=result.renditions,
            status=Video.Status.READY,
            error="",
            poster=result.poster,
            duration_seconds=result.duration,
        )
    except TranscodeError as exc:
        _delete_files(stored)
        fail(message=exc.message)
        return
    except subprocess.TimeoutExpired:
        _delete_files(stored)
        fail(message=_("Converting this video took too long. Upload a shorter or smaller file."))
        return
    except Exception:
        # Never leave an author looking at "Converting" for ever. OSErrors are retried by the
        # task, which sets the status back to converting.
        _delete_files(stored)
        logger.exception("Converting video %s failed", video_id)
        fail(
            message=_(
                "A server error interrupted the conversion. Upload the file again; if this "
                "keeps happening, tell an administrator."
            )
        )
        raise
    if not replaced:
        _delete_files(stored)
