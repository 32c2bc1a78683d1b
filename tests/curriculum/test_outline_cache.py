"""Outlines are cached while the content is unchanged, and every kind of page change makes
the next read see it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum import api
from tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db


def outline(tree):
    return api.curriculum_outline(
        curriculum_key=tree["curriculum"].translation_key, language="pt-br"
    )


def titles(result) -> list[str]:
    return [s.title for m in result.modules for s in m.sessions]


def test_a_second_read_costs_no_query(tree):
    first = outline(tree)
    with CaptureQueriesContext(connection) as queries:
        second = outline(tree)
    assert second == first
    assert [q["sql"] for q in queries if "wagtailcore_page" in q["sql"]] == []


def test_publishing_a_change_is_seen_at_once(tree):
    session = tree["session"]
    assert titles(outline(tree)) == [session.title]
    session.title = "Meu orçamento"
    session.save_revision().publish()
    assert titles(outline(tree)) == ["Meu orçamento"]


def test_a_new_session_unpublishing_and_deleting_are_seen(tree):
    outline(tree)
    extra = SessionPageFactory(parent=tree["module"], number=2, title="Segunda")
    assert titles(outline(tree)) == [tree["session"].title, "Segunda"]
    extra.unpublish()
    assert titles(outline(tree)) == [tree["session"].title]
    tree["session"].delete()
    assert titles(outline(tree)) == []


def test_moving_a_session_away_is_seen(tree, catalogue):
    from tests.factories import CurriculumPageFactory, ModulePageFactory

    other = ModulePageFactory(parent=CurriculumPageFactory(parent=catalogue))
    outline(tree)
    tree["session"].move(other, pos="last-child")
    assert titles(outline(tree)) == []
