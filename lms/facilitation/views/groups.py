"""A facilitator's groups: the list, a new group, a group's settings, its join code and
join requests."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum import api as curriculum_api
from lms.cohorts.models import LearnerGroup
from lms.cohorts.selectors import groups_visible_to, join_request_of_group, join_requests_for_group
from lms.cohorts.services import (
    CohortError,
    group_create,
    group_update,
    join_code_rotate,
    join_request_approve,
    join_request_decline,
    schedule_generate,
)

from ..forms import GroupCreateForm, GroupSettingsForm
from .access import group_view, staff_area
from .lookups import _curricula


@staff_area
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    groups = list(groups_visible_to(user=request.user).prefetch_related("facilitators"))
    titles = dict(_curricula())
    for group in groups:
        group.curriculum_title = titles.get(str(group.curriculum_key), "")
    return render(request, "facilitation/group_list.html", {"groups": groups})


@staff_area
@require_http_methods(["GET", "POST"])
def group_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = GroupCreateForm(request.POST or None, user=user, curricula=_curricula())
    if not user.is_superuser and user.country:
        form.fields["country"].choices = [
            c for c in form.fields["country"].choices if c[0] == user.country
        ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        curriculum_key = UUID(data["curriculum"])
        # Every session, translated or not yet: the schedule must not skip one.
        sessions = curriculum_api.session_outlines(
            curriculum_key=curriculum_key, language=get_language()
        )
        try:
            with transaction.atomic():  # no group without its schedule
                group = group_create(
                    name=data["name"],
                    curriculum_key=curriculum_key,
                    facilitators=data["facilitators"],
                    created_by=user,
                    country=data["country"],
                    municipality=data["municipality"],
                    start_date=data["start_date"],
                    capacity=data["capacity"],
                )
                schedule_generate(
                    group=group,
                    session_keys=[(s.key, s.number) for s in sessions],
                    first_date=data["start_date"],
                    weekdays=data["weekdays"],
                    starts_at=data["starts_at"],
                )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Group created. Give the learners the code %(code)s.")
                % {"code": group.join_code_display},
            )
            return redirect("facilitation:group", group.pk)
    return render(
        request,
        "facilitation/group_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@group_view
@require_http_methods(["GET", "POST"])
def group_settings(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = GroupSettingsForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group_update(
                group=group,
                name=data["name"],
                municipality=data["municipality"],
                capacity=data["capacity"],
                facilitators=data["facilitators"],
                risk_missed_sessions=data["risk_missed_sessions"],
                risk_missed_window=data["risk_missed_window"],
                risk_inactive_days=data["risk_inactive_days"],
                risk_failed_attempts=data["risk_failed_attempts"],
                join_needs_approval=data["join_needs_approval"],
                programme=data["programme"],
            )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The group is saved."))
            if not groups_visible_to(user=request.user).filter(pk=group.pk).exists():
                return redirect("facilitation:groups")  # they removed themselves
            return redirect("facilitation:group", group.pk)
    return render(
        request,
        "facilitation/group_settings.html",
        {"group": group, "form": form, "join_requests": join_requests_for_group(group=group)},
        status=400 if form.errors else 200,
    )


@group_view
@require_POST
def join_code_new(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    group = join_code_rotate(group=group, rotated_by=request.user)
    messages.success(
        request,
        _("The new join code is %(code)s. The old one no longer works.")
        % {"code": group.join_code_display},
    )
    return redirect("facilitation:settings", group.pk)


@group_view
@require_POST
def join_request_decide(request: HttpRequest, group: LearnerGroup, request_id: int) -> HttpResponse:
    """Accept (``decision=approve``) or decline a pending join; a full group refuses."""
    join_request = join_request_of_group(group=group, request_id=request_id)
    if join_request is None:
        raise Http404
    decision = request.POST.get("decision", "")
    name = join_request.learner.get_full_name() or join_request.learner.username
    if decision == "approve":
        try:
            join_request_approve(join_request=join_request, approved_by=request.user)
        except CohortError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s joined the group.") % {"name": name})
    elif decision == "decline":
        join_request_decline(join_request=join_request, declined_by=request.user)
        messages.success(request, _("%(name)s was not accepted.") % {"name": name})
    else:
        return HttpResponse(status=400)
    return redirect("facilitation:settings", group.pk)
