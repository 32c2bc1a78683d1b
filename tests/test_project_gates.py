"""The project's own gates, run with the suite so that one command checks everything:
lint, the curriculum/lms import boundary, Django's checks, migrations in step with models,
and complete pt-BR and es catalogues."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("lint-imports",),
    ],
    ids=["ruff", "ruff-format", "import-linter"],
)
def test_static_gate(command):
    result = run(str(BIN / command[0]), *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ("check", "--fail-level", "WARNING"),
        ("makemigrations", "--check", "--dry-run"),
        ("compile_catalogues", "--check"),
    ],
    ids=["check", "makemigrations", "catalogues"],
)
def test_manage_gate(arguments):
    result = run(sys.executable, "manage.py", *arguments)
    assert result.returncode == 0, result.stdout + result.stderr
