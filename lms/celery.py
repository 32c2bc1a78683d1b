"""Celery application. The broker is whatever ``CELERY_BROKER_URL`` names: a folder on disk
by default (no servers needed), Redis in production.

Two queues: ``default`` for short work (scheduled publishing, reminders, imports) and
``video`` for transcoding, which can take minutes per upload. Production runs a worker on each
(``lms/deploy/Procfile``), so a long transcode never delays the short work; a worker started
without ``-Q`` (the embedded setup) consumes both.

Each worker process loads Django and the tasks once and then forks its pool; before it does,
what it loaded is frozen out of the cycle collector's reach (``gc.freeze``), so the pool's
processes keep sharing those pages instead of copying each one their first collection
touches (README, "Processes and memory").
"""

import gc
import os

from celery import Celery
from celery.signals import worker_init
from kombu import Queue

# Workers and beat run only where Rumo is deployed: without DJANGO_SETTINGS_MODULE they use
# the production settings (which refuse to start without a secret key), never the development
# ones with their published key. ``manage.py up`` starts its worker with the development
# settings it runs under.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

DEFAULT_QUEUE = "default"
VIDEO_QUEUE = "video"

app = Celery("rumo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = DEFAULT_QUEUE
app.conf.task_queues = (Queue(DEFAULT_QUEUE), Queue(VIDEO_QUEUE))
app.conf.task_routes = {"curriculum.tasks.video_transcode_task": {"queue": VIDEO_QUEUE}}
app.autodiscover_tasks()


@worker_init.connect
def _loaded_code_shared(**kwargs) -> None:
    """Sent once Django and the task modules are loaded, before the pool forks."""
    gc.freeze()


@app.task(name="lms.celery.ping_task", bind=True, ignore_result=False)
def ping_task(self) -> str:
    """Answer with the worker's name: ``manage.py ping_workers`` sends it to each queue."""
    return self.request.hostname or "worker"
