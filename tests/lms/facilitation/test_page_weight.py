"""A facilitator's first visit to the dashboard of a full group (25 learners × 24 sessions with
attendance, progress and quiz attempts) transfers at most 20 KiB of HTML, CSS and JavaScript,
as the server sends them."""

import pytest

from tests.factories import SessionPageFactory
from tests.lms.facilitation.helpers import url
from tests.lms.facilitation.test_dashboard import screen_rows
from tests.perf.bench_dashboard import LEARNERS, busy_group_fill
from tests.transfer import BROWSER, first_visit, static_served_from_app_folders

BUDGET = 20 * 1024

pytestmark = pytest.mark.django_db


def test_dashboard_of_a_full_group_fits_the_budget(client, curriculum, settings):
    static_served_from_app_folders(settings)
    module = curriculum.get_children().first()
    for number in range(4, 25):
        SessionPageFactory(parent=module, number=number, title=f"Sessão {number}")
    group, facilitator = busy_group_fill(curriculum_key=curriculum.translation_key)
    client.force_login(facilitator)

    html, sent = first_visit(client, url("facilitation:group", group.pk))
    print(f"dashboard ({LEARNERS} × 24, {len(html) / 1024:.0f} KiB of HTML), gzip: {sent}")
    rows = screen_rows(html)
    assert len(rows) == LEARNERS and len(rows[0]) == 4 + 3 * 24
    assert set(sent.encodings.values()) == {"gzip"}, sent.encodings
    assert sent.total <= BUDGET, str(sent)

    _html, preferred = first_visit(client, url("facilitation:group", group.pk), accept=BROWSER)
    print(f"dashboard first visit, as a current browser gets it: {preferred}")
    assert set(preferred.encodings.values()) == {"br"}, preferred.encodings
    assert preferred.total < sent.total
