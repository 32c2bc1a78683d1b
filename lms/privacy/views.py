"""Data-rights views. Each checks who may act: a signed-in person on their own data; a
group's facilitator for removing one of its members."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.consent import NOTICE_VERSION, consent_record
from lms.accounts.models import ConsentRecord
from lms.cohorts.models import LearnerGroup, Membership
from lms.core.inputs import id_in_range

from .erase import account_delete
from .export import personal_data_zip
from .forms import GuardianConsentForm, PasswordConfirmForm
from .membership import membership_leave, membership_remove


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/notice.html",
        {"version": NOTICE_VERSION, "visit_days": settings.RUMO_RETAIN_VISIT_LOGS_DAYS},
    )


@login_required
@never_cache
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(learner=request.user)
        .select_related("group")
        .order_by("group__name", "pk")
    )
    return render(request, "privacy/my_data.html", {"memberships": memberships})


@login_required
@never_cache
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(personal_data_zip(person=request.user), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rumo-my-data-{stamp}.zip"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(person=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "privacy/delete.html", {"form": form})


@login_required
@require_POST
def leave_group(request: HttpRequest, group_id: int) -> HttpResponse:
    if not id_in_range(group_id):
        raise Http404
    membership = (
        Membership.objects.filter(group_id=group_id, learner=request.user)
        .select_related("group", "learner")
        .first()
    )
    if membership is None:
        raise Http404
    membership_leave(membership=membership)
    messages.success(request, _("You have left the group %(group)s.") % {"group": membership.group})
    return redirect("privacy:my_data")


def _member_of_my_group(request: HttpRequest, group_id: int, learner_id: int):
    """The group and the learner when the viewer is one of the group's own facilitators (not a
    manager who oversees it) and the learner is a member; else 404."""
    if not (id_in_range(group_id) and id_in_range(learner_id)):
        raise Http404
    group = LearnerGroup.objects.filter(pk=group_id, facilitators=request.user.pk).first()
    if group is None:
        raise Http404
    learner = get_user_model().objects.filter(pk=learner_id).first()
    if learner is None or not Membership.objects.filter(group=group, learner=learner).exists():
        raise Http404
    return group, learner


@login_required
@require_POST
def remove_member(request: HttpRequest, group_id: int, learner_id: int) -> HttpResponse:
    group, learner = _member_of_my_group(request, group_id, learner_id)
    membership_remove(group=group, learner=learner, facilitator=request.user)
    name = learner.get_full_name() or learner.username
    messages.success(request, _("%(name)s is no longer a member of this group.") % {"name": name})
    return redirect("facilitation:group", group.pk)


@login_required
@require_POST
def guardian_consent(request: HttpRequest, group_id: int, learner_id: int) -> HttpResponse:
    group, learner = _member_of_my_group(request, group_id, learner_id)
    form = GuardianConsentForm(request.POST)
    if form.is_valid():
        consent_record(
            person=learner,
            kind=ConsentRecord.Kind.GUARDIAN,
            recorded_by=request.user,
            guardian_name=form.cleaned_data["guardian_name"],
        )
        messages.success(request, _("The guardian's consent has been recorded."))
    else:
        messages.error(request, _("Write the guardian's name to record their consent."))
    return redirect("facilitation:learner", group.pk, learner.pk)
