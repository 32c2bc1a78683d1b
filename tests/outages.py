"""Real outages for the tests: a throwaway Redis server the test starts and kills, a port
where nothing listens, and a server that accepts connections and never answers. The shared
Redis and PostgreSQL servers are never touched."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lms.settings.stores import BROKER_REDIS_TRANSPORT_OPTIONS


def free_port() -> int:
    """A port nothing listens on (the kernel just gave it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """``redis-server`` on a private port, in memory only, stopped by ``stop()``."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                pytest.fail("the throwaway redis-server did not start")
            time.sleep(0.05)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def silent_server() -> Iterator[str]:
    """A Redis URL whose server accepts connections and never answers (a hung machine)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point Celery's publishing at ``url`` with the production transport options for Redis,
    then back. Celery reads ``CELERY_BROKER_URL`` from the environment before its settings,
    and keeps a pool of connections to the broker it first used."""
    from lms.celery import app

    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved = app.conf.broker_url, app.conf.broker_transport_options

    def reset_pools() -> None:
        # Forgotten, not closed: kombu's shared pools may still hand out the same objects.
        app._pool = None
        app.amqp._producer_pool = None

    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.broker_transport_options = dict(BROKER_REDIS_TRANSPORT_OPTIONS)
    reset_pools()
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.broker_url, app.conf.broker_transport_options = saved
        reset_pools()
