"""A web worker holds only what the request path needs: the libraries of exports, the
certificate PDF, QR codes, video conversion and the load-test kit are imported by the
functions that use them, so each of the web workers does not carry them (README, Production:
"Processes and memory"; tests/perf/bench_processes.py measures the memory)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Each of these is a package (and everything under it) that a worker must not have imported
# after loading the application, all its URLs and views, and answering a request.
HEAVY = (
    "openpyxl",  # XLSX exports: Celery tasks and export views import it when they write
    "fpdf",  # the graduation certificate (with fontTools, about 190 modules)
    "fontTools",
    "segno",  # the certificate's QR code
    "qrcode",  # the authenticator set-up's QR code
    "imageio_ffmpeg",  # video conversion runs in the video worker
    "PIL.TiffImagePlugin",  # fpdf's image parsing imports it
    "locust",  # the load-test kit
    "boto3",  # object storage, only when a bucket is configured
    "celery.beat",
    "billiard.pool",
)

_PROBE = """
import io, json, sys
import django
django.setup()
from lms.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # every URL module, and with them every view module
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/health/live", "SERVER_NAME": "localhost",
    "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http",
    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
}
statuses = []
b"".join(application(environ, lambda status, headers, *a: statuses.append(status)))
print(json.dumps({"status": statuses[0], "modules": sorted(sys.modules)}))
"""


def _worker_modules() -> tuple[str, list[str]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "CELERY_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="a-throwaway-key-for-this-test-only-0123456789",
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        RUMO_CLIENT_IP_HEADER="X-Real-IP",
    )
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["status"], answer["modules"]


def test_a_web_worker_does_not_import_what_only_tasks_and_downloads_need():
    status, modules = _worker_modules()
    assert status.startswith("200")
    loaded = {
        heavy: [m for m in modules if m == heavy or m.startswith(heavy + ".")] for heavy in HEAVY
    }
    assert {heavy: names[:3] for heavy, names in loaded.items() if names} == {}
    # The probe is real: the application, its views and the certificate module are loaded.
    assert {"lms.wsgi", "lms.participants.views", "lms.participants.certificates"} <= set(modules)
