"""Uploaded photos lose what the phone wrote into them (GPS position, device, time) before
they are stored: only the orientation stays, so portraits still stand upright.

JPEGs are written again with their own quantisation tables (``quality="keep"``), which keeps
them as sharp as they were; PNGs are lossless anyway. Files without such metadata are stored
as they came.
"""

from __future__ import annotations

import io
import logging

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

ORIENTATION = 0x0112
_FORMATS = {"JPEG", "PNG", "WEBP", "TIFF"}
_XMP_KEYS = ("xmp", "XML:com.adobe.xmp")


def _has_metadata(image: Image.Image) -> bool:
    exif = image.getexif()
    if any(tag != ORIENTATION for tag in exif):
        return True
    return any(key in image.info for key in (*_XMP_KEYS, "comment", "photoshop"))


def image_metadata_strip(data: bytes) -> bytes | None:
    """The image without its metadata, or None when ``data`` is not a still image that
    carries any (then it is stored unchanged)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in _FORMATS or getattr(image, "is_animated", False):
                return None
            if not _has_metadata(image):
                return None
            clean = Image.Exif()
            orientation = image.getexif().get(ORIENTATION)
            if orientation:
                clean[ORIENTATION] = orientation
            options: dict = {"exif": clean.tobytes()}
            if image.info.get("icc_profile"):
                options["icc_profile"] = image.info["icc_profile"]
            if image.format == "JPEG":
                options["quality"] = "keep"
            elif image.format == "WEBP":
                options["quality"] = 90
            out = io.BytesIO()
            image.save(out, format=image.format, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    except Exception:  # a broken upload must not stop the upload of a valid one
        logger.exception("could not strip image metadata")
        return None
