#!/usr/bin/env python
"""Django's command-line utility for Rumo.

Without ``DJANGO_SETTINGS_MODULE`` it uses the production settings, which refuse to start
without a secret key and host names: a server where the variable was forgotten never runs
with a published key, debug pages or demo accounts. The commands that exist only on a
developer's machine (``up``, the development server, making migrations and messages, compiling
catalogues, ``check`` without ``--deploy``) default to the development settings instead, so
the README's commands need no variable.
"""

import os
import sys
from pathlib import Path

DEVELOPMENT_COMMANDS = frozenset(
    {"up", "runserver", "makemigrations", "makemessages", "compile_catalogues", "check"}
)


def default_settings(argv: list[str]) -> str:
    """The settings module used when ``DJANGO_SETTINGS_MODULE`` is not set."""
    command = argv[1] if len(argv) > 1 else ""
    if command in DEVELOPMENT_COMMANDS and "--deploy" not in argv:
        return "lms.settings.dev"
    return "lms.settings.production"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings(sys.argv))
    if sys.argv[1:2] == ["up"]:
        # Before Django starts: it reads the catalogues while setting up and keeps them, so
        # catalogues compiled later would reach the pages only after a restart.
        from lms.core.catalogues import catalogues_compile

        catalogues_compile(locale_dirs=[Path(__file__).resolve().parent / "locale"])
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
