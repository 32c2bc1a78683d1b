"""Uploads in S3-compatible object storage (django-storages, in the production extras), with
the same random names and metadata stripping as on disk. Named in ``STORAGES`` only when
``RUMO_MEDIA_S3_BUCKET`` is set, so the embedded default never imports it."""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from lms.deploy.storage import PrivateUploadsMixin


class MediaStorage(PrivateUploadsMixin, S3Storage):
    pass
