"""``/health/live`` and ``/health/ready``: anonymous, cheap, each check named, 503 when any
fails, and nothing about the servers given away."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from lms.settings.stores import cache_config
from tests.outages import celery_broker, free_port

CHECKS = {"database", "cache", "broker", "disk"}


def ready(client) -> tuple[int, dict]:
    response = client.get("/health/ready")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_live_needs_nothing(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
def test_ready_names_every_check(client):
    status, body = ready(client)
    assert status == 200, body
    assert body == {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")}


@pytest.mark.django_db
def test_ready_fails_when_the_cache_is_killed(client, redis_server, settings, caplog):
    settings.CACHES = {"default": cache_config(redis_server.url())}
    assert ready(client)[0] == 200
    redis_server.stop()
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"] == {**dict.fromkeys(CHECKS, "ok"), "cache": "fail"}
    assert str(redis_server.port) not in json.dumps(body)  # no address for a stranger
    assert "health check cache failed" in caplog.text  # but the reason for the operator


@pytest.mark.django_db
def test_ready_fails_when_the_broker_is_killed(client, redis_server):
    with celery_broker(redis_server.url()):
        assert ready(client)[0] == 200
        redis_server.stop()
        status, body = ready(client)
    assert status == 503
    assert body["checks"]["broker"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert "127.0.0.1" not in json.dumps(body)


@pytest.mark.django_db
def test_ready_fails_when_the_broker_never_was(client):
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        status, body = ready(client)
    assert (status, body["checks"]["broker"]) == (503, "fail")


@pytest.mark.django_db
def test_ready_fails_when_the_disk_is_nearly_full(client, settings):
    settings.RUMO_HEALTH_MIN_FREE_BYTES = 2**62  # more than any disk has free
    status, body = ready(client)
    assert (status, body["checks"]["disk"]) == (503, "fail")


@pytest.mark.django_db
def test_ready_fails_when_the_database_does(client, monkeypatch):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server at 10.0.0.5 password=secret")

    monkeypatch.setattr(connection, "cursor", refuse)
    status, body = ready(client)
    assert (status, body["checks"]["database"]) == (503, "fail")
    assert "10.0.0.5" not in json.dumps(body) and "secret" not in json.dumps(body)


def test_health_checks_refuse_writes(client):
    assert client.post("/health/ready").status_code == 405
    assert client.post("/health/live").status_code == 405
