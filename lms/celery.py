"""Celery application. The broker is whatever ``CELERY_BROKER_URL`` names: a folder on disk
by default (no servers needed), Redis in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("rumo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
