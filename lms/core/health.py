"""Health checks for load balancers and supervisors (``/health/live``, ``/health/ready``).

Liveness needs nothing but the process. Readiness checks what a request or a task needs: the
database, the cache, the broker and free disk space where files are written. Each check
answers only "ok" or "fail"; why it failed goes to the log, never to the anonymous caller
(no host names, addresses or driver messages).
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
FAIL = "fail"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _cache() -> None:
    # Written and read back: a Redis cache that is down is read as empty (it degrades rather
    # than failing pages), so a plain read would not notice.
    key, value = f"health:ready:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _broker() -> None:
    from lms.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
    folder = app.conf.broker_transport_options.get("data_folder_out")
    filesystem = app.conf.broker_url.startswith("filesystem://")
    if filesystem and folder and not os.access(folder, os.W_OK):
        raise RuntimeError("the broker's folder is not writable")


def _disk_folders() -> list[Path]:
    folders = [Path(settings.VAR_DIR)]
    if isinstance(default_storage, FileSystemStorage):  # not with object storage
        folders.append(Path(settings.MEDIA_ROOT))
    return folders


def _disk() -> None:
    for folder in _disk_folders():
        if not os.access(folder, os.W_OK):
            raise RuntimeError(f"{folder.name} is not writable")
        free = shutil.disk_usage(folder).free
        if free < settings.RUMO_HEALTH_MIN_FREE_BYTES:
            raise RuntimeError(f"{folder.name} has {free} bytes free")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "disk": _disk,
}


def readiness_check() -> dict[str, str]:
    """Each check's name and ``ok`` or ``fail``; failures are logged with their reason."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.error("health check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = FAIL
        else:
            results[name] = OK
    return results
