"""Signals progress sends for the layers above it (which it must not import)."""

from django.dispatch import Signal

# Sent once, when a learner's session first counts as complete (all required blocks done),
# with ``learner_id``, ``session_key`` and ``curriculum_key``.
session_completed = Signal()
