"""Authors work only on the curriculum and cannot publish; reviewers approve through the
review workflow; the demo accounts exist only when the demo is seeded."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, WorkflowState

from curriculum.models import SessionPage
from lms.accounts.services import REVIEW_WORKFLOW, roles_setup
from lms.core.roles import Role, user_has_role
from tests.factories import UserFactory


@pytest.fixture
def people(tree):
    groups = roles_setup()
    author, reviewer, learner = UserFactory(), UserFactory(), UserFactory()
    author.groups.add(groups[Role.AUTHOR])
    reviewer.groups.add(groups[Role.REVIEWER])
    learner.groups.add(groups[Role.LEARNER])
    return {"author": author, "reviewer": reviewer, "learner": learner}


def test_roles_setup_is_idempotent(tree):
    first = roles_setup()
    second = roles_setup()
    assert {g.pk for g in first.values()} == {g.pk for g in second.values()}
    author_permissions = first[Role.AUTHOR].page_permissions.count()
    assert author_permissions == second[Role.AUTHOR].page_permissions.count() > 0


def test_authors_edit_the_curriculum_but_cannot_publish(people, tree):
    perms = tree["session"].permissions_for_user(people["author"])
    assert perms.can_edit()
    assert not perms.can_publish()
    root_perms = Page.get_first_root_node().permissions_for_user(people["author"])
    assert not root_perms.can_add_subpage()  # nothing outside the curriculum


def test_reviewers_can_publish(people, tree):
    assert tree["session"].permissions_for_user(people["reviewer"]).can_publish()


def test_learners_have_no_admin_access(people, client):
    client.force_login(people["learner"])
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert user_has_role(user=people["learner"], role=Role.LEARNER)
    assert not user_has_role(user=people["learner"], role=Role.AUTHOR)


def test_author_submits_and_reviewer_approves(people, tree):
    session = SessionPage.objects.get(pk=tree["session"].pk)
    workflow = session.get_workflow()
    assert workflow.name == REVIEW_WORKFLOW

    session.title = "Revised title"
    revision = session.save_revision(user=people["author"])
    state = workflow.start(session, people["author"])
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert SessionPage.objects.get(pk=session.pk).title != "Revised title"  # not yet live

    task_state = state.current_task_state
    task = task_state.task.specific
    actions = [name for name, *_ in task.get_actions(session, people["reviewer"])]
    assert "approve" in actions
    assert task.get_actions(session, people["author"]) == []
    task.on_action(task_state, people["reviewer"], "approve")

    state.refresh_from_db()
    session.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert session.live_revision_id == revision.pk
    assert session.title == "Revised title"


def test_only_the_demo_seed_creates_demo_accounts(db):
    roles_setup()
    assert not get_user_model().objects.filter(username__in=["learner", "admin"]).exists()
