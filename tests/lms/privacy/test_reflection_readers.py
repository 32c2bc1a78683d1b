"""A reflection's share box says who reads a shared reflection: the facilitators of the
learner's group by name, and the programme managers who oversee it (they can open the same
learner page: ``groups_visible_to``)."""

from __future__ import annotations

import pytest

from curriculum.models import SessionPage
from lms.cohorts.selectors import groups_visible_to
from tests.factories import UserFactory
from tests.lms.facilitation.helpers import pt

pytestmark = pytest.mark.django_db

NO_GROUP = (
    "You are in no group for this course yet: if you share it, nobody reads it until you join one."
)


def test_the_share_box_names_the_facilitators_and_the_managers(
    client, curriculum, group, members, facilitator, manager
):
    session = SessionPage.objects.live().filter(number=1).first()
    client.force_login(members[0])
    page = client.get(session.url).content.decode()
    expected = pt(
        "If you share it, it is read by your group's facilitators (%(names)s) and by the "
        "programme managers who oversee your group. Nobody else.",
        names="Fátima",
    )
    assert expected.replace("'", "&#x27;") in page or expected in page
    # What the sentence claims, the code allows: the manager sees the group.
    assert group in groups_visible_to(user=manager)


def test_without_a_group_nobody_reads_it(client, curriculum):
    session = SessionPage.objects.live().filter(number=1).first()
    client.force_login(UserFactory())
    page = client.get(session.url).content.decode()
    assert pt(NO_GROUP).replace("'", "&#x27;") in page
