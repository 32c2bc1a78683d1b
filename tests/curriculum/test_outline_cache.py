"""Outlines are cached while the content is unchanged, and every kind of page change makes
the next read see it."""

import pytest
from django.db import connection, transaction
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


def test_a_process_keeps_what_it_read_and_still_sees_a_change(tree, monkeypatch):
    first = outline(tree)
    reads = []
    real_get = api.cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(api.cache, "get", counting_get)
    assert outline(tree) is first  # kept in the process: not read (unpickled) again
    assert not [key for key in reads if key.startswith("curriculum:outline:")]
    tree["session"].title = "Meu orçamento"
    tree["session"].save_revision().publish()
    assert titles(outline(tree)) == ["Meu orçamento"]  # a new version: a new key


def test_versions_are_not_reused_after_the_cache_is_flushed(monkeypatch):
    clock = [1_800_000_000_000_000_000]  # nanoseconds
    monkeypatch.setattr(api.time, "time_ns", lambda: clock[0])
    api.cache.delete(api.CONTENT_VERSION_KEY)
    first = api.content_version()
    for _ in range(3):
        api.content_changed()
    assert api.content_version() == first + 3
    api.cache.delete(api.CONTENT_VERSION_KEY)  # as a flush or an eviction would
    clock[0] += 5_000_000_000  # five seconds later
    assert api.content_version() > first + 3
    api.cache.delete(api.CONTENT_VERSION_KEY)
    api.content_changed()  # a change while the version is missing starts from the clock too
    assert api.content_version() > first + 3


def test_the_version_moves_again_when_the_change_commits(tree, django_capture_on_commit_callbacks):
    """A request that read the rows between the change and its commit saw them as they were
    and may have kept what it built under the version of that moment: the commit leaves it
    behind."""
    session = tree["session"]
    with django_capture_on_commit_callbacks(execute=True):
        session.title = "Meu orçamento"
        session.save_revision().publish()
        before_commit = api.content_version()
    assert api.content_version() != before_commit
    assert titles(outline(tree)) == ["Meu orçamento"]


def test_a_change_rolled_back_moves_the_version_once(tree, django_capture_on_commit_callbacks):
    before = api.content_version()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        api.content_changed()
        moved = api.content_version()
        raise RuntimeError
    assert moved != before
    assert api.content_version() == moved
