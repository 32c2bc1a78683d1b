"""How Rumo talks to Redis, as cache and as broker, so that neither outage costs a request.

A Redis that is down answers "connection refused" at once; one that hangs (a full machine, a
dropped network) would hold every request for ever without timeouts. So each operation has a
short timeout and no retries beyond one, and a cache failure is logged and treated as a miss
(django-redis's ``IGNORE_EXCEPTIONS``; ``lms.core.cache`` makes its locks fail open too):
pages are built from the database, rate limits count nothing and sessions, which are written
to the database too, stay valid.
"""

from __future__ import annotations

import environ

# Seconds. The cache is read several times per page: a dead one may cost this much per read.
CACHE_SOCKET_TIMEOUT = 0.5
# Publishing a task is done once per author's save or per seeded video.
BROKER_SOCKET_TIMEOUT = 2.0

REDIS_SCHEMES = ("redis://", "rediss://")

BROKER_REDIS_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
}
# Celery's default retries a failed publish three times; once is enough to ride over a
# reconnect, and the caller (``curriculum.queueing``) logs the failure and moves on.
TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}


def cache_config(url: str) -> dict:
    """The ``CACHES["default"]`` entry for ``CACHE_URL``; a Redis cache that degrades."""
    config = environ.Env.cache_url_config(url)
    if url.startswith(REDIS_SCHEMES):
        config["BACKEND"] = "lms.core.cache.FailOpenRedisCache"
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
        }
    return config
