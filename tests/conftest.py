from __future__ import annotations

import io

import pytest
from wagtail.models import Locale

from curriculum.models import CataloguePage
from curriculum.seeding import site_setup
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    SessionPageFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Compile locale/ before anything renders: .mo files are build output, not in git."""
    from django.core.management import call_command

    from lms.core.catalogues import translation_caches_reset

    call_command("compile_catalogues", verbosity=0, stdout=io.StringIO())
    translation_caches_reset()


@pytest.fixture
def catalogue(db) -> CataloguePage:
    """The home page in pt-BR (the site root) with its es translation."""
    return site_setup()


@pytest.fixture
def es_locale(catalogue) -> Locale:
    return Locale.objects.get(language_code="es")


@pytest.fixture
def tree(catalogue):
    curriculum = CurriculumPageFactory(parent=catalogue)
    module = ModulePageFactory(parent=curriculum)
    session = SessionPageFactory(parent=module)
    for page in (curriculum, module, session):
        page.save_revision().publish()  # as an editor would: translations copy the revision
    return {"catalogue": catalogue, "curriculum": curriculum, "module": module, "session": session}


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read English source strings; requests still pick their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def html_references_resolve(monkeypatch):
    """Fail the test whose request rendered a page with an aria-describedby, aria-labelledby
    or label[for] that names an id missing from the page (see tests/html_references.py)."""
    from django.test.client import Client

    from tests.html_references import broken_references, response_html

    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        path = kwargs.get("PATH_INFO", "")
        # Wagtail's admin is Wagtail's markup (it has such references of its own), not Rumo's.
        html = None if path.startswith("/admin/") else response_html(response)
        if html:
            broken = broken_references(html)
            if broken:
                raise AssertionError(f"{path} refers to ids it does not have: {broken}")
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def redis_server(tmp_path):
    """A Redis server of the test's own, killed by the test (``.stop()``) or at its end."""
    from tests.outages import RedisServer

    server = RedisServer(tmp_path)
    yield server
    server.stop()
