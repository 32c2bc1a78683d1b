"""Sample video clips for the demo: a title card and a silent audio track, encoded small.

ffmpeg comes from the system where there is one, else from the ``imageio-ffmpeg`` wheel, so
the demo needs no system install.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CLIP_SECONDS = 6
WIDTH, HEIGHT = 426, 240
BACKGROUND = (11, 110, 79)
INK = (255, 253, 248)


def ffmpeg_executable() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


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


def title_card(heading: str, lines: list[str]) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small = _font(16)
    large = _font(22)
    lines = [_drawable(line, large) for line in lines]
    draw.text((20, 18), heading, font=small, fill=INK)
    y = 60
    for line in lines:
        for part in textwrap.wrap(line, width=32)[:2]:
            draw.text((20, y), part, font=large, fill=INK)
            y += 30
        y += 12
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def title_card_clip(heading: str, lines: list[str], seconds: int = CLIP_SECONDS) -> bytes:
    """An H.264/AAC MP4 with fast start showing a still title card."""
    with tempfile.TemporaryDirectory() as tmp:
        card = Path(tmp) / "card.png"
        out = Path(tmp) / "clip.mp4"
        card.write_bytes(title_card(heading, lines))
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                ffmpeg_executable(), "-hide_banner", "-loglevel", "error", "-y",
                "-loop", "1", "-i", str(card),
                "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono",
                "-t", str(seconds), "-r", "12",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "120k",
                "-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart",
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip
        return out.read_bytes()


def _timestamp(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


def webvtt(cues: list[str], seconds: int = CLIP_SECONDS) -> str:
    """A WebVTT caption file spreading ``cues`` evenly over the clip."""
    step = seconds / max(len(cues), 1)
    parts = ["WEBVTT", ""]
    for n, text in enumerate(cues):
        parts += [f"{_timestamp(n * step)} --> {_timestamp((n + 1) * step)}", text.strip(), ""]
    return "\n".join(parts)
