"""The checker behind the suite-wide hook in conftest.py."""

from tests.html_references import broken_references


def test_references_to_existing_ids_pass():
    html = (
        '<label for="a">A</label><input id="a" aria-describedby="a_help a_error">'
        '<span id="a_help"></span><ul id="a_error"></ul>'
        '<section aria-labelledby="t"><h2 id="t">T</h2></section>'
    )
    assert broken_references(html) == []


def test_each_missing_id_is_named():
    html = (
        '<input id="a" aria-describedby="a_help a_error"><span id="a_help"></span>'
        '<label for="nothing">X</label><div aria-labelledby="gone"></div>'
    )
    assert broken_references(html) == [
        '<input aria-describedby="a_error">',
        '<label for="nothing">',
        '<div aria-labelledby="gone">',
    ]


def test_the_suite_hook_fails_the_request_that_rendered_a_broken_page(client, settings):
    import pytest
    from django.http import HttpResponse
    from django.urls import path

    def view(request):
        return HttpResponse('<label for="missing">Name</label>', content_type="text/html")

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": [path("broken/", view)]})
    with pytest.raises(AssertionError, match="missing"):
        client.get("/broken/")


def test_form_fields_give_help_texts_and_errors_the_ids_the_inputs_name():
    """The join, CSV-import and add-learner forms, blank and with errors, through the
    shared form template; choice groups are fieldsets with a legend."""
    from django.template.loader import get_template

    from lms.accounts.forms import SignupForm
    from lms.facilitation.forms import ImportForm, LearnerAccountForm
    from lms.learner.forms import JoinForm

    template = get_template("includes/form_fields.html")
    for form_class in (JoinForm, ImportForm, LearnerAccountForm):
        for form in (form_class(), form_class(data={})):
            form.is_valid()
            html = template.render({"form": form})
            assert "aria-describedby=" in html
            assert broken_references(html) == [], form_class.__name__
    html = template.render({"form": SignupForm()})
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend>" in fieldset and fieldset.count('type="radio"') == 2
    assert broken_references(html) == []
