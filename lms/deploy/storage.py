"""Uploads in S3-compatible object storage (django-storages), for more than one web machine.

Every file is stored under a random name that keeps only the extension: names chosen by
uploaders never reach the bucket, and nobody can guess another upload's address.
"""

from __future__ import annotations

import posixpath
import secrets
from pathlib import PurePosixPath

from storages.backends.s3 import S3Storage

_EXTENSION_MAX = 10


def random_name(name: str) -> str:
    """The same folder, a random 128-bit file name, the original's extension (lower case)."""
    folder, base = posixpath.split(name)
    extension = PurePosixPath(base).suffix.lower()
    if len(extension) > _EXTENSION_MAX or not extension[1:].isalnum():
        extension = ""
    return posixpath.join(folder, secrets.token_hex(16) + extension)


class MediaStorage(S3Storage):
    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return super().get_available_name(random_name(name), max_length=max_length)


def s3_storage(env) -> dict | None:
    """The ``STORAGES["default"]`` entry for the ``RUMO_MEDIA_S3_*`` variables, or None
    without a bucket."""
    bucket = env.str("RUMO_MEDIA_S3_BUCKET", default="")
    if not bucket:
        return None
    endpoint = env.str("RUMO_MEDIA_S3_ENDPOINT_URL", default="") or None
    return {
        "BACKEND": "lms.deploy.storage.MediaStorage",
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
