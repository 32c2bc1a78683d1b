"""Rumo's Django project and learning runtime: who learned what.

``lms`` may read the curriculum through ``curriculum.api``/``curriculum.data`` and its models;
``curriculum`` never imports ``lms`` (an import-linter contract enforces it).
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
