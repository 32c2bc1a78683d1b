"""The certificate: a PDF in the graduate's language with a QR code, downloadable by the
graduate alone; a public verification page that shows name, curriculum and date only."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lms.participants.models import Certificate
from lms.participants.services import certificate_issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args, language: str = "pt-br") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def pdf_text(data: bytes) -> str:
    """The text drawn on the PDF's pages (fpdf2 compresses each page's content stream)."""
    text = ""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            continue
    return text


@pytest.fixture
def graduate(course):
    person = UserFactory(
        first_name="Ana",
        last_name="Souza",
        preferred_language="es",
        email="ana@example.org",
        phone="+55 31 99999-0000",
        birth_year=1990,
    )
    certificate = certificate_issue(
        person=person, curriculum_key=course["curriculum"].translation_key
    )
    return person, certificate


def test_the_graduate_downloads_a_pdf_in_their_language(client, graduate):
    person, certificate = graduate
    client.force_login(person)
    key = str(certificate.curriculum_key)
    response = client.get(url("participants:certificate_download", key))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Certificado" in text and "se ha graduado del curso" in text  # Spanish
    assert "Ana Souza" in text and certificate.code in text
    assert f"/es/participants/verify/{certificate.code}/" in text  # the page in Spanish too
    assert "/Subtype /Image" in data.decode("latin-1")  # the QR code
    person.preferred_language = "pt-br"
    person.save()
    text = pdf_text(client.get(url("participants:certificate_download", key)).content)
    assert "concluiu o curso" in text


def test_nobody_else_downloads_it(client, graduate, course):
    _person, certificate = graduate
    key = str(certificate.curriculum_key)
    client.force_login(UserFactory())
    assert client.get(url("participants:certificate_download", key)).status_code == 404
    assert client.get(url("participants:certificate_download", "not-a-key")).status_code == 404
    client.logout()
    assert client.get(url("participants:certificate_download", key)).status_code == 302


def test_the_verification_page_shows_name_curriculum_and_date_only(client, graduate, course):
    person, certificate = graduate
    response = client.get(url("participants:verify", certificate.code, language="es"))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"data-name>Ana Souza<", page)
    assert re.search(r"data-curriculum>Eficácia pessoal<", page)
    assert re.search(r"data-date>\d", page)
    for private in ("ana@example.org", "99999", "1990", person.username):
        assert private not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_unknown_or_malformed_codes_answer_404(client, graduate):
    _person, certificate = graduate
    near = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for code in (near, "x", "a" * 40, "..%2F..%2Fetc", "%00", "a" * 22 + "%20"):
        assert client.get(f"/pt-br/participants/verify/{code}/").status_code == 404


def test_codes_are_random_and_unguessable(course):
    codes = {
        certificate_issue(
            person=UserFactory(), curriculum_key=course["curriculum"].translation_key
        ).code
        for _n in range(20)
    }
    assert len(codes) == 20 and all(len(code) >= 20 for code in codes)
    assert Certificate.objects.count() == 20


def test_a_deleted_account_takes_its_certificate_with_it(client, graduate):
    from lms.privacy.erase import account_delete

    person, certificate = graduate
    account_delete(person=person)
    assert client.get(url("participants:verify", certificate.code)).status_code == 404
    assert timezone.now()  # the erase ran in this transaction


def test_my_path_offers_the_certificate_to_its_graduate_only(client, graduate, course):
    from lms.cohorts.services import enrolment_create

    person, certificate = graduate
    other = UserFactory()
    for someone in (person, other):
        enrolment_create(learner=someone, curriculum_key=certificate.curriculum_key)
    download = url("participants:certificate_download", str(certificate.curriculum_key))
    client.force_login(person)
    assert download in client.get(url("learner:path")).content.decode()
    client.force_login(other)
    assert download not in client.get(url("learner:path")).content.decode()
