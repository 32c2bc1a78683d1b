"""What is taught: the curricula as Wagtail pages (curriculum → module → session), their
content blocks, videos, and the demo curricula.

``lms`` reads it through ``api.py``/``data.py``; this package never imports ``lms``.
"""
