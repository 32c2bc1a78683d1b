import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from tests.factories import SessionPageFactory, guide


def test_agenda_that_matches_the_planned_duration_is_valid(tree):
    session = tree["session"]
    session.facilitator_guide = guide(30, 15, 45, 120)
    session.full_clean()
    assert session.agenda_minutes == 210


def test_agenda_that_does_not_add_up_names_both_figures(tree):
    session = tree["session"]
    session.facilitator_guide = guide(30, 15, 45, 110)
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    message = " ".join(caught.value.message_dict["planned_minutes"])
    assert "200" in message
    assert "210" in message


def test_agenda_without_a_planned_duration_is_refused(tree):
    session = SessionPageFactory.build(planned_minutes=0, facilitator_guide=guide(30))
    with pytest.raises(ValidationError) as caught:
        session.clean()
    assert "30" in str(caught.value)


def test_self_paced_lesson_without_agenda_is_valid(tree):
    session = tree["session"]
    session.planned_minutes = 0
    session.facilitator_guide = []
    session.full_clean()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "adds up to 200 minutes"), ("pt-br", "soma 200 minutos"), ("es", "suma 200 minutos")],
)
def test_agenda_error_is_shown_in_the_admin_editor(client, superuser, tree, language, expected):
    """An author saving through the admin gets the error, in the admin's language, on the
    form; nothing is saved."""
    session = tree["session"]
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = language  # authors may keep the admin in English
    profile.save()
    client.force_login(superuser)
    agenda = {
        "title": "Talk",
        "minutes": 200,
        "method": "short_talk",
        "instructions": "x",
        "tips": "",
    }
    data = nested_form_data(
        {
            "title": session.title,
            "slug": session.slug,
            "number": 1,
            "planned_minutes": 210,
            "self_paced_minutes": 20,
            "summary": "",
            "body": streamfield([("text", "Hello")]),
            "facilitator_guide": streamfield([("agenda_item", agenda)]),
        }
    )
    response = client.post(f"/admin/pages/{session.pk}/edit/", data)
    assert response.status_code == 200  # the form is shown again, not a redirect
    content = response.content.decode()
    assert expected in content
    assert "210" in content
    session.refresh_from_db()
    assert session.agenda_minutes == 210  # unchanged
