"""The graduation certificate as a one-page PDF (fpdf2) with a QR code (segno) that opens the
public verification page. Written on request, in the graduate's language, never stored: the
certificate row holds what it says (person, curriculum, date, code).

fpdf2 (with fontTools, about 190 modules) and segno are imported by the functions that write,
not at the top: the URLs import this module through the views, and every web worker would
otherwise hold them for the rare certificate download (tests/test_light_processes.py)."""

from __future__ import annotations

import io
import unicodedata

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from curriculum import api as curriculum_api

from .models import Certificate

INK = (33, 37, 41)
ACCENT = (14, 107, 88)


def _latin1(text: str) -> str:
    """The PDF's built-in fonts cover Latin-1 (every letter of Portuguese and Spanish); any
    other letter is written without its accent, or as '?' when it has no Latin form."""
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def _qr_png(url: str) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def certificate_pdf(*, certificate: Certificate, language: str, verify_url: str) -> bytes:
    from fpdf import FPDF

    with translation.override(language):
        outline = curriculum_api.curriculum_outline(
            curriculum_key=certificate.curriculum_key, language=language
        )
        person = certificate.person
        name = person.get_full_name() or person.username
        day = formats.date_format(timezone.localtime(certificate.issued_at).date(), "DATE_FORMAT")
        lines = {
            "title": _("Certificate"),
            "certifies": _("This certifies that"),
            "completed": _("has graduated from the course"),
            "date": _("on %(date)s") % {"date": day},
            "verify": _("Check this certificate at"),
            "code": _("Verification code: %(code)s") % {"code": certificate.code},
        }
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin1(f"{lines['title']} · {name}"))
    pdf.set_lang(language)
    pdf.set_creation_date(certificate.issued_at)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_text_color(*ACCENT)
    pdf.set_font("Helvetica", "B", 16)
    pdf.set_xy(20, 22)
    pdf.cell(257, 10, "Rumo", align="C")
    pdf.set_font("Helvetica", "B", 34)
    pdf.set_xy(20, 36)
    pdf.cell(257, 16, _latin1(lines["title"]), align="C")
    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", "", 15)
    pdf.set_xy(20, 62)
    pdf.cell(257, 8, _latin1(lines["certifies"]), align="C")
    pdf.set_font("Helvetica", "B", 26)
    pdf.set_xy(20, 74)
    pdf.multi_cell(257, 12, _latin1(name), align="C")
    pdf.set_font("Helvetica", "", 15)
    pdf.set_x(20)
    pdf.cell(257, 10, _latin1(lines["completed"]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 19)
    pdf.set_x(20)
    pdf.multi_cell(257, 10, _latin1(outline.title if outline else ""), align="C")
    pdf.set_font("Helvetica", "", 15)
    pdf.set_x(20)
    pdf.cell(257, 10, _latin1(lines["date"]), align="C")
    pdf.image(_qr_png(verify_url), x=24, y=146, w=42, h=42)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(72, 160)
    pdf.cell(200, 6, _latin1(lines["verify"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(72)
    pdf.cell(200, 6, _latin1(verify_url), link=verify_url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(72)
    pdf.cell(200, 6, _latin1(lines["code"]))
    return bytes(pdf.output())
