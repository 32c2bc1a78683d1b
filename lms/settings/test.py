"""Test settings: whatever database and broker the environment names (SQLite and a folder
broker by default, PostgreSQL and Redis in CI's second run)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
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
        (BASE_DIR / "var" / "test-broker" / _sub).mkdir(parents=True, exist_ok=True)  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BASE_DIR / "var" / "test-broker" / "out"),  # noqa: F405
        "data_folder_out": str(BASE_DIR / "var" / "test-broker" / "out"),  # noqa: F405
        "processed_folder": str(BASE_DIR / "var" / "test-broker" / "processed"),  # noqa: F405
        "control_folder": str(BASE_DIR / "var" / "test-broker" / "control"),  # noqa: F405
        "store_processed": False,
    }
