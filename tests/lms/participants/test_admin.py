"""Graduation rules are edited in Wagtail's admin, with the sessions checked."""

import pytest

from lms.participants.models import GraduationRule

pytestmark = pytest.mark.django_db


def test_a_rule_is_created_and_checked_in_the_admin(client, superuser, course):
    course["rule"].delete()
    client.force_login(superuser)
    add = "/admin/snippets/participants/graduationrule/add/"
    assert client.get(add).status_code == 200
    data = {
        "curriculum": course["curriculum"].pk,
        "trained_min_sessions": "3",
        "graduated_min_percent": "80",
        "required_sessions": "4, 7",
        "graduated_min_quizzes": "1",
    }
    response = client.post(add, data)
    assert response.status_code == 200  # the form again: the course has no session 7
    assert not GraduationRule.objects.exists()
    response = client.post(add, {**data, "required_sessions": "4"})
    assert response.status_code == 302
    rule = GraduationRule.objects.get()
    assert rule.curriculum_key == course["curriculum"].translation_key
    assert (rule.trained_min_sessions, rule.graduated_min_percent) == (3, 80)
    assert client.get("/admin/snippets/participants/graduationrule/").status_code == 200


def test_learners_cannot_open_the_rules(client, course):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/admin/snippets/participants/graduationrule/")
    assert response.status_code in (302, 403)
