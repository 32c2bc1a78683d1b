"""gunicorn settings for Rumo (``gunicorn -c lms/deploy/gunicorn.conf.py lms.wsgi``).

Workers: ``WEB_CONCURRENCY`` or 2 x cores + 1. The app is loaded once before forking
(``preload_app``): less memory per worker and a broken configuration fails at start, not on
the first request. Behind a reverse proxy on the same machine (nginx), which serves /media/
and buffers slow phones' uploads and downloads, so sync workers are enough.

Health: ``/health/live`` (the process answers) for the supervisor, ``/health/ready``
(database, cache, broker, disk; 503 when one fails) for the load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # uploads of large videos
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows; jitter keeps them from all
# restarting at once.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
