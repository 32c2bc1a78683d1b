"""Mentoring screens. The owner chooses (or stops) their mentor on their own page; a
facilitator sees only the businesses whose owners named them and consent (404 otherwise),
and only monthly results, never single entries."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.core.inputs import id_parse
from lms.core.roles import user_may_facilitate

from . import mentoring
from .forms_mentoring import AgreedActionForm, MentorChoiceForm, MentorNoteForm
from .models import Business
from .selectors import book_months
from .services import BookInputError

MENTOR_MONTHS = 6


def _mentor_area(view):
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not user_may_facilitate(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own_business(request: HttpRequest) -> Business:
    business = Business.objects.filter(owner=request.user).select_related("mentor").first()
    if business is None:
        raise Http404
    return business


@login_required
@require_http_methods(["GET", "POST"])
def owner_mentor(request: HttpRequest) -> HttpResponse:
    """The owner's page: who mentors the business, and the consent behind it."""
    business = _own_business(request)
    consent = mentoring.mentoring_consent(business=business)
    choices = mentoring.mentor_choices(owner=request.user)
    form = MentorChoiceForm(
        request.POST if request.method == "POST" and "stop" not in request.POST else None,
        choices=choices,
        initial={"mentor": business.mentor_id},
    )
    if request.method == "POST":
        if "stop" in request.POST:
            mentoring.mentoring_stop(business=business)
            messages.success(request, _("Your mentor no longer sees your business's results."))
            return redirect("book_mentor:owner")
        if form.is_valid():
            try:
                mentoring.mentoring_start(business=business, mentor=form.cleaned_data["mentor"])
            except BookInputError as error:
                form.add_error("mentor", error.message)
            else:
                messages.success(request, _("Saved. Your mentor can now see your monthly results."))
                return redirect("book_mentor:owner")
    mentor_visible = business.mentor if consent is not None else None
    return render(
        request,
        "business/mentoring_owner.html",
        {
            "business": business,
            "consent": consent,
            "mentor": mentor_visible,
            "form": form,
            "has_choices": choices.exists(),
        },
    )


@_mentor_area
def mentor_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "business/mentoring_list.html",
        {
            "mentees": mentoring.mentees(mentor=request.user),
            "quiet_days": mentoring.QUIET_AFTER.days,
        },
    )


def _mentee(request: HttpRequest, pk: str) -> Business:
    business_id = id_parse(pk)
    if business_id is None:
        raise Http404
    return mentoring.mentored_business(mentor=request.user, pk=business_id)


@_mentor_area
@require_http_methods(["GET", "POST"])
def mentor_detail(request: HttpRequest, pk: str) -> HttpResponse:
    business = _mentee(request, pk)
    note_form = MentorNoteForm(request.POST if "note" in request.POST else None, prefix="note")
    action_form = AgreedActionForm(
        request.POST if "action" in request.POST else None, prefix="action"
    )
    if request.method == "POST":
        form = note_form if "note" in request.POST else action_form
        if form.is_bound and form.is_valid():
            try:
                if form is note_form:
                    mentoring.mentor_note_add(
                        business=business, author=request.user, text=form.cleaned_data["text"]
                    )
                else:
                    mentoring.agreed_action_add(
                        business=business,
                        author=request.user,
                        text=form.cleaned_data["text"],
                        due_on=form.cleaned_data["due_on"],
                    )
            except BookInputError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("mentoring:detail", pk=business.pk)
    months = book_months(business=business, months=MENTOR_MONTHS)
    return render(
        request,
        "business/mentoring_detail.html",
        {
            "business": business,
            "months": list(reversed(months)),
            "currency": business.currency,
            "quiet": mentoring.business_is_quiet(business=business),
            "whatsapp": mentoring.whatsapp_link(business=business, mentor=request.user),
            "notes": business.mentor_notes.select_related("author")[:20],
            "actions": business.agreed_actions.all()[:50],
            "note_form": note_form,
            "action_form": action_form,
        },
    )


@_mentor_area
@require_POST
def mentor_action_done(request: HttpRequest, pk: str, action_pk: str) -> HttpResponse:
    business = _mentee(request, pk)
    action_id = id_parse(action_pk)
    action = business.agreed_actions.filter(pk=action_id).first() if action_id else None
    if action is None:
        raise Http404
    mentoring.agreed_action_done(action=action, done=request.POST.get("done") != "0")
    return redirect("mentoring:detail", pk=business.pk)
