"""Survey screens. A learner answers only their own rounds (anyone else's answers 404); a
facilitator or programme manager enters answers only for rounds of people in groups they may
see (404 otherwise) and sees the follow-up list of those groups; people without either role
get 403 in the facilitation part. Work is done by services and selectors."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.cohorts.selectors import group_for_user_or_none
from lms.core.inputs import id_in_range, id_parse
from lms.core.roles import user_may_facilitate
from lms.participants.consent import collection_allowed

from .follow_up import follow_up_overview
from .forms import RoundForm
from .models import Channel, Round
from .selectors import instrument_for, round_for_recorder, round_of_person
from .services import SurveyError, round_answers_submit, round_is_open


def _staff_area(view):
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not user_may_facilitate(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _answer(
    request: HttpRequest,
    round_: Round,
    *,
    template: str,
    channel: str | None,
    done_url: str,
    saved: str,
) -> HttpResponse:
    instrument = instrument_for(round_kind=round_.kind, language=get_language())
    consenting = collection_allowed(person=round_.person)
    context = {"round": round_, "instrument": instrument, "form": None, "consenting": consenting}
    if instrument is None or not consenting or not round_is_open(round_):
        return render(request, template, context, status=200)
    form = RoundForm(
        request.POST or None, questions=instrument.questions, with_channel=channel is None
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_answers_submit(
                round_=round_,
                answers=form.answers(),
                channel=channel or form.cleaned_data["channel"],
                recorded_by=request.user,
            )
        except SurveyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, saved)
            return redirect(done_url)
    context["form"] = form
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def round_answer(request: HttpRequest, round_id: int) -> HttpResponse:
    """The learner's own round, on their phone."""
    round_ = round_of_person(person=request.user, round_id=round_id)
    if round_ is None:
        raise Http404
    return _answer(
        request,
        round_,
        template="surveys/round_answer.html",
        channel=Channel.APP,
        done_url=reverse("learner:path"),
        saved=_("Thank you: your answers are saved."),
    )


@_staff_area
@require_http_methods(["GET", "POST"])
def round_record(request: HttpRequest, round_id: int) -> HttpResponse:
    """A facilitator or manager enters answers collected by phone or on paper."""
    round_ = round_for_recorder(user=request.user, round_id=round_id)
    if round_ is None:
        raise Http404
    return _answer(
        request,
        round_,
        template="surveys/round_record.html",
        channel=None,
        done_url=reverse("surveys_facilitation:follow_up"),
        saved=_("The answers are saved as collected by you."),
    )


@_staff_area
@require_GET
def follow_up(request: HttpRequest) -> HttpResponse:
    group_id = None
    if "group" in request.GET:
        wanted = id_parse(request.GET["group"])
        group = (
            group_for_user_or_none(user=request.user, group_id=wanted)
            if wanted is not None and id_in_range(wanted)
            else None
        )
        if group is None:
            raise Http404
        group_id = group.pk
    overview = follow_up_overview(user=request.user, today=timezone.localdate(), group_id=group_id)
    return render(request, "surveys/follow_up.html", {"overview": overview})
