"""System checks for the login guard's view of the client address.

Per-connection limits count the client's address. Behind a reverse proxy ``REMOTE_ADDR`` is
the proxy's, so every learner would share one counter and one attacker could lock them all
out; the settings must then say how to find the client (allauth's
``ALLAUTH_TRUSTED_PROXY_COUNT`` or ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``, read from
``RUMO_TRUSTED_PROXY_COUNT`` / ``RUMO_CLIENT_IP_HEADER``).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


def _trusts_a_proxy() -> list[str]:
    signs = []
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        signs.append("SECURE_PROXY_SSL_HEADER")
    for name in ("USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT"):
        if getattr(settings, name, False):
            signs.append(name)
    return signs


@register(Tags.security)
def client_address_behind_proxy_check(app_configs=None, **kwargs) -> list[Error]:
    proxy_count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    errors = []
    if not isinstance(proxy_count, int) or proxy_count < 0:
        errors.append(
            Error(
                "ALLAUTH_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.",
                hint="Set RUMO_TRUSTED_PROXY_COUNT to the number of proxies in front of Rumo.",
                id="accounts.E002",
            )
        )
    signs = _trusts_a_proxy()
    if signs and not proxy_count and not header:
        errors.append(
            Error(
                f"{', '.join(signs)} trusts a reverse proxy, but nothing says how to find the "
                "client's address behind it: every per-connection login limit would count "
                "the proxy's address, and one attacker could lock every learner out.",
                hint=(
                    "Set RUMO_TRUSTED_PROXY_COUNT (proxies that append to X-Forwarded-For) or "
                    "RUMO_CLIENT_IP_HEADER (a header your proxy sets, e.g. X-Real-IP)."
                ),
                id="accounts.E001",
            )
        )
    return errors
