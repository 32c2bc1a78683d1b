"""The process file starts web, a worker per queue and beat (embedded in the default worker);
gunicorn's worker count comes from the environment, and its master shares what it loaded."""

import gc
import multiprocessing
import runpy
from pathlib import Path

from django.conf import settings

from lms.celery import DEFAULT_QUEUE, VIDEO_QUEUE

DEPLOY = Path(settings.BASE_DIR) / "lms" / "deploy"


def _processes() -> dict[str, str]:
    lines = (DEPLOY / "Procfile").read_text().splitlines()
    pairs = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): command.strip() for name, command in pairs}


def test_procfile_runs_web_a_worker_per_queue_and_beat_once():
    processes = _processes()
    assert processes["web"].startswith("gunicorn -c lms/deploy/gunicorn.conf.py lms.wsgi")
    assert f"-Q {DEFAULT_QUEUE} " in processes["worker"]
    assert f"-Q {VIDEO_QUEUE} " in processes["video"]
    # Beat runs inside the default worker (measured: a process of its own holds ~130 MiB).
    assert set(processes) == {"web", "worker", "video"}
    assert [name for name, line in processes.items() if " -B " in line] == ["worker"]
    assert "--max-tasks-per-child" in processes["video"]


def test_gunicorn_workers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == 7
    assert config["preload_app"] is True


def test_gunicorn_preload_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("GUNICORN_PRELOAD", "false")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["preload_app"] is False


def test_gunicorn_master_freezes_what_it_loaded_before_forking(monkeypatch):
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    try:
        config["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_gunicorn_workers_default_to_the_cores_plus_one(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == multiprocessing.cpu_count() + 1
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] == 7
