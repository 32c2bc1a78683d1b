"""Without ``DJANGO_SETTINGS_MODULE``, Celery and ``manage.py`` use the production settings
(which refuse to start without a secret key), never the development ones with their published
key; only the developer's own commands default to development."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def without_settings(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {**clean, **env}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=without_settings(**env),
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def test_celery_defaults_to_production_settings():
    result = run("-c", "import os, lms.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lms.settings.production"


def test_a_celery_worker_without_settings_refuses_to_start_without_a_secret_key():
    result = run("-m", "celery", "-A", "lms", "inspect", "ping", "--timeout", "1")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("command", ["migrate", "seed_demo", "createsuperuser", "shell"])
def test_manage_py_defaults_to_production_settings(command):
    import manage

    assert manage.default_settings(["manage.py", command]) == "lms.settings.production"


@pytest.mark.parametrize(
    "argv",
    [["up"], ["runserver"], ["makemigrations", "--check"], ["check"], ["compile_catalogues"]],
)
def test_the_developer_commands_default_to_development(argv):
    import manage

    assert manage.default_settings(["manage.py", *argv]) == "lms.settings.dev"


def test_check_deploy_is_never_run_against_the_development_settings():
    import manage

    assert manage.default_settings(["manage.py", "check", "--deploy"]) == (
        "lms.settings.production"
    )


def test_the_demo_seed_refuses_to_run_where_nothing_chose_the_settings():
    """The case that mattered: demo accounts with a published password on a server."""
    result = run("manage.py", "seed_demo", "--no-video")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_an_explicit_choice_wins():
    result = run(
        "-c", "import os, lms.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])",
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
    )  # fmt: skip
    assert result.stdout.strip() == "lms.settings.dev"
