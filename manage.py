#!/usr/bin/env python
"""Django's command-line utility for Rumo."""

import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    if sys.argv[1:2] == ["up"]:
        # Before Django starts: it reads the catalogues while setting up and keeps them, so
        # catalogues compiled later would reach the pages only after a restart.
        from lms.core.catalogues import catalogues_compile

        catalogues_compile(locale_dirs=[Path(__file__).resolve().parent / "locale"])
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
