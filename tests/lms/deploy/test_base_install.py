"""README command (a) installs Rumo without extras: the embedded default must start without
the production-only packages (django-storages, django-redis, psycopg)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Imports of these fail in the child process, as on a machine with the base install only.
_BLOCK = """
import sys
for name in ("storages", "django_redis", "psycopg", "psycopg2", "boto3"):
    sys.modules[name] = None
import django
django.setup()
from django.core.cache import caches
from django.core.files.storage import storages
print(type(storages["default"]).__name__, type(caches["default"]).__name__)
"""


def test_the_embedded_default_needs_no_production_extra():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "CELERY_", "PYTEST_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["LocalMediaStorage", "LocMemCache"]
