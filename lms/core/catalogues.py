"""Compiling the gettext catalogues with polib, without Django and without system gettext.

Django reads a language's catalogue the first time anything is translated, and it does so
while it sets itself up (model metadata is translated as the models are imported), then keeps
it for the life of the process. So ``manage.py up`` compiles before Django starts, through
this module, which needs neither settings nor apps; ``compile_catalogues`` uses it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib


@dataclass
class CompileReport:
    catalogues: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # .mo files that changed
    problems: list[str] = field(default_factory=list)  # untranslated or fuzzy entries


def catalogues_compile(
    *, locale_dirs: Iterable[Path], base_dir: Path | None = None
) -> CompileReport:
    """Compile every ``*/LC_MESSAGES/*.po`` under ``locale_dirs``.

    A .mo file is written only when its content changes, so a second start touches nothing
    and the report says whether a running process holds stale catalogues.
    """
    report = CompileReport()
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            untranslated = catalogue.untranslated_entries()
            fuzzy = catalogue.fuzzy_entries()
            if untranslated or fuzzy:
                first = (untranslated + fuzzy)[0].msgid
                name = po_path.relative_to(base_dir) if base_dir else po_path
                report.problems.append(
                    f"{name}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy "
                    f"(first: {first!r})"
                )
            mo_path = po_path.with_suffix(".mo")
            compiled = catalogue.to_binary()
            if not mo_path.is_file() or mo_path.read_bytes() != compiled:
                # A name of this process's own: test workers and server processes may compile
                # at the same moment, and a shared temporary file could be replaced half
                # written by the other. The rename is atomic, so readers never see half a file.
                tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
                tmp.write_bytes(compiled)
                tmp.replace(mo_path)
                report.written.append(mo_path)
            report.catalogues.append(po_path)
    return report


def translation_caches_reset() -> None:
    """Make this process read the catalogues again, as Django's own test signals do when
    ``LOCALE_PATHS`` changes. Needed only when catalogues were compiled after Django set up."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    trans_real.translation_catalog_exists.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()
