"""gunicorn settings for Rumo (``gunicorn -c lms/deploy/gunicorn.conf.py lms.wsgi``).

Workers: ``WEB_CONCURRENCY`` or cores + 1. Rumo's requests spend most of their time on the
CPU, and PostgreSQL and Redis share the machine's cores. In the 100-learner load run on 2 cores,
run after run alternating three and five workers, three cost less gunicorn CPU per request
each time (3-32 % less; the machine's own speed drifted by a third between runs) and reached
the target in more runs (README, Decisions). The one beyond the cores keeps a core busy while
a request waits on the database.

The app is loaded once before forking (``preload_app``; ``GUNICORN_PRELOAD=false`` turns it
off): the workers share the pages of the loaded code and a broken configuration fails at
start, not on the first request. Behind a reverse proxy on the same machine (nginx), which
serves /media/ and buffers slow phones' uploads and downloads, so sync workers are enough.

Before each fork the master loads the URLs, views and translation catalogues too (Django
would load them at each worker's first request, into memory of its own), closes any database
connection loading opened (a connection must never be shared by two processes; Django opens
one again on a worker's first query) and freezes what it has loaded out of the cycle
collector's reach (``gc.freeze``): otherwise each worker's first collection writes to every
shared object and copies its page. Redis (cache, broker) connects lazily, on a worker's
first use. Measured in README, "Processes and memory" (``tests/perf/bench_processes.py``).

Health: ``/health/live`` (the process answers) for the supervisor, ``/health/ready``
(database, cache, broker, disk; 503 when one fails) for the load balancer.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in ("0", "false", "no")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # uploads of large videos
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows; jitter keeps them from all
# restarting at once.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"


def pre_fork(server, worker):
    """In the master, before each worker is forked: load what Django otherwise loads at each
    worker's first request (lms/deploy/preload.py), close the database connections, freeze."""
    if not preload_app:
        return
    from django.db import connections

    from lms.deploy.preload import worker_state_preload

    worker_state_preload()
    connections.close_all()
    gc.freeze()
