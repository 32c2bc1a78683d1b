"""``manage.py up`` from a fresh checkout: the first page it serves is already in Portuguese.

Django reads the catalogues while it sets up and keeps them, so catalogues compiled later in
the same process used to reach the pages only after a restart: on a first start the interface
came out in English. The test runs the real command in a copy of the project without any
compiled catalogue, on a free port, and reads the first response.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from lms.core.catalogues import catalogues_compile

ROOT = Path(__file__).resolve().parents[3]
# Variables that would point the copy at this run's database, broker, cache or folders.
OWN_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "CELERY_BROKER_FOLDER",
    "CELERY_TASK_ALWAYS_EAGER",
    "MEDIA_ROOT",
    "STATIC_ROOT",
)


def fresh_checkout(target: Path) -> Path:
    """The project as a clone has it: sources and .po files, no .mo, no var/."""
    ignore = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc")
    for name in ("lms", "curriculum", "locale"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "manage.py", target / "manage.py")
    assert not list((target / "locale").rglob("*.mo"))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_response(url: str, process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"manage.py up stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    pytest.fail(f"no answer from {url} within {timeout} s")


@pytest.mark.django_db
def test_the_first_response_of_a_fresh_start_is_in_portuguese(tmp_path):
    project = fresh_checkout(tmp_path / "rumo")
    if connection.vendor == "sqlite":
        # This run's migrated database, so that the copy skips the 221 migrations.
        (project / "var").mkdir()
        with (
            sqlite3.connect(connection.settings_dict["NAME"]) as source,
            sqlite3.connect(project / "var" / "rumo.sqlite3") as target,
        ):
            source.backup(target)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "up", "--no-seed", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the command, its server and its worker: one group to stop
    )
    try:
        html = first_response(f"http://127.0.0.1:{port}/pt-br/accounts/login/", process, 600)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode()
    assert 'lang="pt-br"' in html
    assert "Pular para o conteúdo" in html, output  # the project's own catalogue
    assert "Skip to content" not in html
    # It was the copy that ran and compiled its catalogues, not this checkout.
    assert (project / "locale" / "pt_BR" / "LC_MESSAGES" / "django.mo").is_file()
    assert "No hostname was supplied" not in output  # kombu, on the folder broker
    assert "[1/4] Translations" in output and "[2/4] Database" in output


def test_catalogues_are_written_only_when_they_change(tmp_path):
    messages = tmp_path / "locale" / "pt_BR" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = messages / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Skip to content"\nmsgstr "Pular para o conteúdo"\n',
        encoding="utf-8",
    )
    first = catalogues_compile(locale_dirs=[tmp_path / "locale"])
    assert first.written == [messages / "django.mo"] and not first.problems
    assert catalogues_compile(locale_dirs=[tmp_path / "locale"]).written == []

    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Log in"\nmsgstr "Entrar"\n')
    assert catalogues_compile(locale_dirs=[tmp_path / "locale"]).written == [messages / "django.mo"]

    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Log out"\nmsgstr ""\n')
    incomplete = catalogues_compile(locale_dirs=[tmp_path / "locale"])
    assert incomplete.written == []  # an untranslated entry changes nothing compiled
    assert len(incomplete.problems) == 1 and "1 untranslated" in incomplete.problems[0]
