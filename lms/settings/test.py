"""Test settings: whatever database and broker the environment names (SQLite and a folder
broker by default, PostgreSQL and Redis in CI's second run)."""

import os
import re

from .base import *  # noqa: F403
from .base import env

# pytest-xdist runs the suite in several processes. pytest-django gives each its own test
# database; here each also gets its own media and broker folders and its own Redis databases,
# so that one worker's cache.clear() or queued task never reaches another's.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_SUFFIX = f"-gw{_WORKER}" if _WORKER else ""


def _redis_db_for_worker(url: str) -> str:
    """``redis://host:6379/1`` → ``redis://host:6379/5`` for the second worker and ``/9`` for
    the third: four databases each (broker and cache use the first two), so Redis's default
    sixteen serve four workers."""
    if not _WORKER or not url.startswith(("redis://", "rediss://")):
        return url
    match = re.search(r"/(\d+)$", url)
    db = int(match[1]) if match else 0
    return f"{url[: match.start()] if match else url.rstrip('/')}/{db + 4 * _WORKER}"


DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_SUFFIX}"  # noqa: F405
# There from the start, as a deployment's is: the readiness check asks whether it is writable,
# and a test run alone must not depend on an earlier test having stored a file.
MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: browser tests run a threaded live server, and only a
    # file database gives those threads WAL and a busy timeout instead of "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["timeout"] = 20  # noqa: F405
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    # Keep test messages away from a development worker's folder.
    for _sub in ("out", "processed", "control"):
        (BASE_DIR / "var" / f"test-broker{_SUFFIX}" / _sub).mkdir(parents=True, exist_ok=True)  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BASE_DIR / "var" / f"test-broker{_SUFFIX}" / "out"),  # noqa: F405
        "data_folder_out": str(BASE_DIR / "var" / f"test-broker{_SUFFIX}" / "out"),  # noqa: F405
        "processed_folder": str(BASE_DIR / "var" / f"test-broker{_SUFFIX}" / "processed"),  # noqa: F405
        "control_folder": str(BASE_DIR / "var" / f"test-broker{_SUFFIX}" / "control"),  # noqa: F405
        "store_processed": False,
    }

CELERY_BROKER_URL = _redis_db_for_worker(CELERY_BROKER_URL)  # noqa: F405
CELERY_RESULT_BACKEND = _redis_db_for_worker(CELERY_RESULT_BACKEND)  # noqa: F405
for _cache in CACHES.values():  # noqa: F405
    if isinstance(_cache.get("LOCATION"), str):
        _cache["LOCATION"] = _redis_db_for_worker(_cache["LOCATION"])
