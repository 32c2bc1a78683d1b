"""The Redis cache backend: django-redis with ``IGNORE_EXCEPTIONS`` (a failed operation is
logged and reads as a miss), plus one change so that rate limits fail open.

allauth's rate limits take a short lock with ``cache.add`` before counting; with Redis down
django-redis answers ``None`` ("not added"), so every sign-up and login would wait for the
lock and then be refused with 429. Here a failed ``add`` answers True: the caller proceeds as
if it held the lock or had stored the key, and the limit counts nothing while Redis is down.
Nothing in Rumo uses ``add`` to decide something only once.
"""

from __future__ import annotations

from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
