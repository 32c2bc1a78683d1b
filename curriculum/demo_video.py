"""The demo's lesson videos: one slide per key point, with captions that say what the slides say.

A demo video is written in two steps. The seed writes its caption track (WebVTT) from the
session's title and key points, which takes no time; the Celery worker then draws one slide per
caption cue with Pillow, encodes them as a still-image MP4 at 360p and converts it like any
upload (``demo_video_make``). The slides are drawn from the caption file itself, so the two
cannot disagree.

ffmpeg comes from the system where there is one, else from the ``imageio-ffmpeg`` wheel, so
the demo needs no system install.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 640, 360  # the source is 360p, so both the 240p and 360p renditions exist
FPS = 2  # slides stand still: two frames a second keep seeking exact and encoding quick
MIN_SECONDS, MAX_SECONDS = 30, 90
TITLE_SECONDS = 5
BRAND = "Rumo"
BACKGROUND = (11, 110, 79)
INK = (255, 253, 248)
MUTED = (196, 226, 214)
MARGIN = 36


def ffmpeg_executable() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# --- The script: slides and their caption cues ---------------------------------------------


@dataclass(frozen=True)
class Slide:
    heading: str  # small, at the top: the brand on the title slide, then the session title
    text: str  # large: exactly the caption cue shown while the slide is on screen
    start: float
    end: float


def _reading_seconds(text: str) -> int:
    # About 14 characters a second, a comfortable pace for captions, with a floor for short
    # points and a ceiling so one long point does not hold the screen.
    return max(7, min(15, round(3 + len(text) / 14)))


def slide_script(*, title: str, points: list[str]) -> list[Slide]:
    """A title slide, then one slide per key point, timed for reading: 30 to 90 seconds."""
    texts = [title, *points]
    seconds = [TITLE_SECONDS, *(_reading_seconds(p) for p in points)]
    total = sum(seconds)
    if total < MIN_SECONDS or total > MAX_SECONDS:
        target = min(max(total, MIN_SECONDS), MAX_SECONDS)
        seconds = [max(1, round(s * target / total)) for s in seconds]
        seconds[-1] += target - sum(seconds)
    slides, start = [], 0
    for n, (text, length) in enumerate(zip(texts, seconds, strict=True)):
        slides.append(
            Slide(heading=BRAND if n == 0 else title, text=text, start=start, end=start + length)
        )
        start += length
    return slides


def _timestamp(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def webvtt(slides: list[Slide]) -> str:
    """The caption track: one cue per slide, with the slide's text and timing."""
    parts = ["WEBVTT", ""]
    for slide in slides:
        parts += [f"{_timestamp(slide.start)} --> {_timestamp(slide.end)}", slide.text, ""]
    return "\n".join(parts)


_CUE_TIME = re.compile(
    r"^(?:(\d+):)?(\d{2}):(\d{2}(?:\.\d+)?)\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2}(?:\.\d+)?)"
)


def _seconds(hours: str | None, minutes: str, seconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def slides_from_webvtt(text: str) -> list[Slide]:
    """The slides a demo caption track describes: its first cue is the title slide."""
    cues: list[tuple[float, float, str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for n, line in enumerate(lines):
            match = _CUE_TIME.match(line.strip())
            if match:
                start = _seconds(*match.groups()[:3])
                end = _seconds(*match.groups()[3:])
                cues.append((start, end, "\n".join(lines[n + 1 :]).strip()))
                break
    title = cues[0][2] if cues else ""
    return [
        Slide(heading=BRAND if n == 0 else title, text=cue_text, start=start, end=end)
        for n, (start, end, cue_text) in enumerate(cues)
    ]


# --- Drawing and encoding ----------------------------------------------------------------

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _drawable(text: str, font) -> str:
    """Pillow's built-in font lacks ¿ and ¡: leave out what the font cannot draw."""
    if isinstance(font, ImageFont.FreeTypeFont) and "DejaVu" not in str(font.path):
        return text.replace("¿", "").replace("¡", "")
    return text


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def slide_image(slide: Slide, *, number: int, count: int) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = _font(18)
    draw.text((MARGIN, 24), _drawable(slide.heading, small), font=small, fill=MUTED)
    draw.line((MARGIN, 56, WIDTH - MARGIN, 56), fill=MUTED, width=2)
    if count > 1:
        counter = f"{number} / {count}"
        draw.text(
            (WIDTH - MARGIN - draw.textlength(counter, font=small), HEIGHT - 40),
            counter,
            font=small,
            fill=MUTED,
        )
    # The largest size at which the text fits between the rule and the counter.
    box_width, box_top, box_bottom = WIDTH - 2 * MARGIN, 76, HEIGHT - 52
    for size in (34, 30, 27, 24, 21, 18):
        font = _font(size)
        lines = _wrap(draw, _drawable(slide.text, font), font, box_width)
        step = round(size * 1.3)
        if len(lines) * step <= box_bottom - box_top:
            break
    y = box_top + (box_bottom - box_top - len(lines) * step) // 2
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += step
    return image


def slides_clip(slides: list[Slide]) -> bytes:
    """An H.264 MP4 (no sound) showing each slide for its time, with fast start."""
    with tempfile.TemporaryDirectory(prefix="rumo-slides-") as tmp:
        folder = Path(tmp)
        listing = ["ffconcat version 1.0"]
        for n, slide in enumerate(slides):
            path = folder / f"slide{n}.png"
            slide_image(slide, number=n + 1, count=len(slides)).save(path, format="PNG")
            listing += [f"file {path.name}", f"duration {slide.end - slide.start:.3f}"]
        listing.append(f"file {path.name}")  # the concat demuxer's last entry has no duration
        (folder / "slides.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
        out = folder / "clip.mp4"
        subprocess.run(  # noqa: S603 - fixed arguments and file names, no shell
            [
                ffmpeg_executable(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "concat", "-i", str(folder / "slides.txt"),
                "-vf", f"fps={FPS},format=yuv420p", "-t", f"{slides[-1].end:.3f}",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "24",
                "-g", str(4 * FPS), "-movflags", "+faststart",
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
        return out.read_bytes()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- The worker's part -------------------------------------------------------------------


def demo_video_make(*, video_id: int) -> None:
    """Draw a demo video from its caption track if it has no file yet, then convert it.

    Idempotent: a video with a file is not drawn again, a ready one not converted again. The
    file is stored without ``Video.save`` so that no second conversion is queued for it: this
    task converts what it has just drawn.
    """
    from django.core.files.base import ContentFile
    from django.db import DatabaseError

    from curriculum.models import Video
    from curriculum.transcoding import video_transcode

    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return
    if not video.file:
        caption = video.captions.order_by("sort_order").first()
        if caption is None:
            return
        with caption.file.open("rb") as vtt:
            slides = slides_from_webvtt(vtt.read().decode("utf-8"))
        if not slides:
            return
        field = Video._meta.get_field("file")
        name = field.storage.save(
            field.generate_filename(video, f"demo-{video_id}.mp4"),
            ContentFile(slides_clip(slides)),
            max_length=field.max_length,
        )
        try:
            stored = Video.objects.filter(pk=video_id, file="").update(file=name)
        except DatabaseError:
            field.storage.delete(name)  # the retry draws it again
            raise
        if not stored:
            field.storage.delete(name)  # someone uploaded a file meanwhile; theirs wins
            return
    video_transcode(video_id=video_id, skip_if_ready=True)
