"""Where uploads are stored: on disk (``LocalMediaStorage``, the default) or in S3-compatible
object storage (django-storages), for more than one web machine.

Both store every file under a random name that keeps only the extension (names chosen by
uploaders never reach the disk or the bucket, and nobody can guess another upload's address),
and both take the GPS position and other metadata out of photos before storing them.

The S3 class lives in ``lms.deploy.s3``: django-storages comes with the production extras, and
the embedded default (README command (a)) must start without it.
"""

from __future__ import annotations

import posixpath
import secrets
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from lms.deploy.metadata import image_metadata_strip

_EXTENSION_MAX = 10
_PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"}
_PHOTO_MAX_BYTES = 50 * 1024 * 1024  # larger files are refused by the upload limits anyway


def random_name(name: str) -> str:
    """The same folder, a random 128-bit file name, the original's extension (lower case)."""
    folder, base = posixpath.split(name)
    extension = PurePosixPath(base).suffix.lower()
    if len(extension) > _EXTENSION_MAX or not extension[1:].isalnum():
        extension = ""
    return posixpath.join(folder, secrets.token_hex(16) + extension)


def without_metadata(name: str, content):
    """``content``, or a copy without the photo metadata when ``name`` is a photo."""
    if PurePosixPath(name).suffix.lower() not in _PHOTO_EXTENSIONS:
        return content
    size = getattr(content, "size", None)
    if size is not None and size > _PHOTO_MAX_BYTES:
        return content
    content.seek(0)
    stripped = image_metadata_strip(content.read())
    content.seek(0)
    return content if stripped is None else ContentFile(stripped, name=name)


class PrivateUploadsMixin:
    """Random names and no photo metadata, whatever the backend."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return super().get_available_name(random_name(name), max_length=max_length)

    def _save(self, name: str, content) -> str:
        return super()._save(name, without_metadata(name, content))


class LocalMediaStorage(PrivateUploadsMixin, FileSystemStorage):
    pass


def s3_storage(env) -> dict | None:
    """The ``STORAGES["default"]`` entry for the ``RUMO_MEDIA_S3_*`` variables, or None
    without a bucket."""
    bucket = env.str("RUMO_MEDIA_S3_BUCKET", default="")
    if not bucket:
        return None
    endpoint = env.str("RUMO_MEDIA_S3_ENDPOINT_URL", default="") or None
    return {
        "BACKEND": "lms.deploy.s3.MediaStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": env.str("RUMO_MEDIA_S3_REGION", default="") or None,
            "access_key": env.str("RUMO_MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("RUMO_MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("RUMO_MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": env.bool("RUMO_MEDIA_S3_QUERYSTRING_AUTH", default=True),
            "querystring_expire": 60 * 60,
            "addressing_style": env.str(
                "RUMO_MEDIA_S3_ADDRESSING_STYLE", default="path" if endpoint else ""
            )
            or None,
            "default_acl": None,  # the bucket's policy decides; private by default
            "file_overwrite": True,  # random names never collide; saves a request per upload
            "object_parameters": {"CacheControl": "max-age=604800"},
        },
    }
