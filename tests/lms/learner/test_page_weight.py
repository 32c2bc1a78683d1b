"""A first visit to a session page transfers at most 15 KiB of HTML, CSS and JavaScript, as
the server sends them (compressed; images and video excluded)."""

import pytest
from django.core.management import call_command

from curriculum.models import CurriculumPage, SessionPage
from tests.transfer import BROWSER, first_visit, static_served_from_app_folders

BUDGET = 15 * 1024


# A refresher may hold the three business calculators (one after each worked example, in
# BRL, CLP and PEN): their forms and module weigh a few KiB more than a group session.
REFRESHER_BUDGET = 20 * 1024


def _heaviest(kind: str) -> SessionPage:
    curriculum = CurriculumPage.objects.get(kind=kind, locale__language_code="pt-br")
    sessions = SessionPage.objects.live().filter(path__startswith=curriculum.path)
    return max(sessions, key=lambda s: len(str(s.body.raw_data)))


@pytest.mark.django_db
def test_first_visit_to_the_heaviest_demo_session_fits_the_budget(client, learner, settings):
    static_served_from_app_folders(settings)
    call_command("seed_curricula", limit=3, no_video=True, verbosity=0)
    heaviest = _heaviest("personal")
    client.force_login(learner)

    html, sent = first_visit(client, heaviest.url)
    print(f"session page first visit, gzip: {sent}")
    assert set(sent.encodings.values()) == {"gzip"}, sent.encodings
    assert any(a.endswith(".js") for a in sent.sizes), "the session page loads its modules"
    assert "data-quiz" in html  # the heaviest session has its quiz on the page
    assert sent.total <= BUDGET, str(sent)

    _html, preferred = first_visit(client, heaviest.url, accept=BROWSER)
    print(f"session page first visit, as a current browser gets it: {preferred}")
    assert set(preferred.encodings.values()) == {"br"}, preferred.encodings
    assert preferred.total < sent.total


@pytest.mark.django_db
def test_first_visit_to_the_heaviest_demo_refresher_fits_its_budget(client, learner, settings):
    static_served_from_app_folders(settings)
    call_command("seed_curricula", limit=3, no_video=True, verbosity=0)
    heaviest = _heaviest("enterprise")
    client.force_login(learner)

    html, sent = first_visit(client, heaviest.url)
    print(f"refresher first visit, gzip: {sent}")
    assert "data-calculator" in html  # the heaviest refresher holds its calculators
    assert sent.total <= REFRESHER_BUDGET, str(sent)
