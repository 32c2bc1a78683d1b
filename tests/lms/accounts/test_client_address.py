"""Behind a reverse proxy the per-connection login limit counts the client, not the proxy; a
system check refuses settings that trust a proxy without saying where the client's address is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from lms.accounts import guard
from lms.accounts.checks import client_address_behind_proxy_check

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
LEARNER = "203.0.113.7"
IP_LIMIT = 60  # ACCOUNT_RATE_LIMITS["login_failed_ip"]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def via_proxy(client_ip: str):
    return RequestFactory().post(
        "/pt-br/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip
    )


def _lock_the_attackers_connection() -> None:
    for n in range(IP_LIMIT):
        guard.login_failure_record(
            request=via_proxy(ATTACKER), credentials={"username": f"ghost{n}"}
        )


def test_behind_a_proxy_one_attacker_does_not_lock_out_the_class(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _lock_the_attackers_connection()
    assert guard.login_is_locked(request=via_proxy(ATTACKER), credentials={"username": "x"})
    assert not guard.login_is_locked(request=via_proxy(LEARNER), credentials={"username": "x"})


def test_without_the_proxy_setting_everyone_shares_the_proxys_counter(db, settings):
    # What the check below prevents.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _lock_the_attackers_connection()
    assert guard.login_is_locked(request=via_proxy(LEARNER), credentials={"username": "x"})


def test_a_header_set_by_the_proxy_names_the_client(db, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for n in range(IP_LIMIT):
        request = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ATTACKER)
        guard.login_failure_record(request=request, credentials={"username": f"ghost{n}"})
    learner = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=LEARNER)
    assert not guard.login_is_locked(request=learner, credentials={"username": "x"})


@pytest.mark.parametrize(
    "proxy_setting",
    [
        {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")},
        {"USE_X_FORWARDED_HOST": True},
    ],
)
def test_the_check_fails_when_a_proxy_is_trusted_without_the_client_address(
    settings, proxy_setting
):
    for name, value in proxy_setting.items():
        setattr(settings, name, value)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    assert [e.id for e in client_address_behind_proxy_check()] == ["accounts.E001"]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_address_behind_proxy_check() == []
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address_behind_proxy_check() == []


def test_the_check_is_quiet_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_address_behind_proxy_check() == []


def _production_check(**extra_env) -> subprocess.CompletedProcess:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "RUMO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="rumo.example.org",
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_reads_the_proxy_settings_from_the_environment():
    refused = _production_check()
    assert refused.returncode != 0 and "accounts.E001" in refused.stderr
    assert _production_check(RUMO_TRUSTED_PROXY_COUNT="1").returncode == 0
    assert _production_check(RUMO_CLIENT_IP_HEADER="X-Real-IP").returncode == 0
