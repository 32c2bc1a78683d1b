"""Participant views. Each checks who may act: a signed-in person on their own profile,
consent and certificates; a group's own facilitator for a member without a phone; anyone for
a certificate's verification page, reached only by its random code."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum import api as curriculum_api
from lms.accounts.consent import person_is_minor
from lms.accounts.forms import DataSaverForm
from lms.accounts.models import User
from lms.accounts.services import user_data_saver_set
from lms.core.inputs import id_in_range
from lms.core.roles import user_may_facilitate

from .certificates import certificate_pdf
from .consent import (
    FOLLOW_UP_TEXT_VERSION,
    ConsentRequired,
    follow_up_consent,
    follow_up_consent_give,
    follow_up_consent_withdraw,
    guardian_consent_needed,
    profile_save,
)
from .forms import ProfileForm
from .selectors import (
    certificate_by_code,
    certificate_of,
    group_member_for_facilitator,
    person_is_entrepreneur,
    profile_of,
)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return ""


def _profile_screen(
    request: HttpRequest,
    *,
    person: User,
    template: str,
    consent_label: str,
    done_url: str,
    extra: dict,
) -> HttpResponse:
    """The profile form for ``person``, filled in by themselves or their facilitator."""
    consent = follow_up_consent(person=person)
    profile = profile_of(person=person)
    if request.user.pk != person.pk and consent is None:
        profile = None  # after a withdrawal, others see what was given in totals only
    guardian_needed = guardian_consent_needed(person=person)
    form = ProfileForm(
        request.POST or None,
        instance=profile,
        entrepreneur=person_is_entrepreneur(person=person),
        ask_consent=consent is None,
        consent_label=consent_label,
        ask_birth_year=person.birth_year is None or request.user.pk != person.pk,
        initial={"birth_year": person.birth_year},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                # Consent and profile together or not at all: a birth year that turns out to
                # be under 18 takes back the consent just ticked.
                with transaction.atomic():
                    if consent is None:
                        if not data.get("consent"):
                            raise ConsentRequired(
                                _("Nothing was saved: tick the consent box to save the profile.")
                            )
                        follow_up_consent_give(person=person, recorded_by=request.user)
                    profile_save(
                        person=person,
                        data=data,
                        recorded_by=request.user,
                        birth_year=data.get("birth_year"),
                    )
            except ConsentRequired as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect(done_url)
    return render(
        request,
        template,
        {
            "form": form,
            "person": person,
            "consent": consent,
            "guardian_needed": guardian_needed,
            "minor": person_is_minor(person=person),
            "profile": profile,
            "text_version": FOLLOW_UP_TEXT_VERSION,
            **extra,
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    return _profile_screen(
        request,
        person=request.user,
        template="participants/my_profile.html",
        consent_label=_(
            "I agree that the programme keeps this information and asks me follow-up "
            "questions about my work, income and skills every six months."
        ),
        done_url=next_url or request.path,
        extra={
            "next": next_url,
            "data_saver_form": DataSaverForm(
                initial={"data_saver": "on" if request.user.data_saver else "off"}
            ),
        },
    )


@login_required
@require_POST
def my_data_saver(request: HttpRequest) -> HttpResponse:
    """The data saver setting, on the profile screen; sessions follow it from the next page."""
    form = DataSaverForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    enabled = form.cleaned_data["data_saver"]
    user_data_saver_set(user=request.user, enabled=enabled)
    messages.success(request, _("Data saver is on.") if enabled else _("Data saver is off."))
    return redirect(reverse("participants:my_profile") + "#data-saver")


@login_required
@require_POST
def my_consent_withdraw(request: HttpRequest) -> HttpResponse:
    if follow_up_consent_withdraw(person=request.user, withdrawn_by=request.user):
        messages.success(
            request,
            _("Consent withdrawn: nothing more will be collected or asked of you."),
        )
    return redirect("participants:my_profile")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def learner_profile(request: HttpRequest, group_id: int, learner_id: int) -> HttpResponse:
    """The facilitator fills in the profile of a member without a phone, having read the
    consent text to them (and, under 18, recorded their guardian's consent first)."""
    if not (id_in_range(group_id) and id_in_range(learner_id)):
        raise Http404
    if not user_may_facilitate(user=request.user):
        raise Http404
    found = group_member_for_facilitator(
        facilitator=request.user, group_id=group_id, learner_id=learner_id
    )
    if found is None:
        raise Http404
    group, person = found
    return _profile_screen(
        request,
        person=person,
        template="participants/learner_profile.html",
        consent_label=_(
            "I read the consent text to the participant (or their guardian) and they agreed."
        ),
        done_url=request.path,
        extra={"group": group},
    )


@login_required
@require_GET
def certificate_download(request: HttpRequest, curriculum_key: str) -> HttpResponse:
    """The signed-in graduate's own certificate, in their language."""
    try:
        key = UUID(curriculum_key)
    except ValueError:
        raise Http404 from None
    certificate = certificate_of(person=request.user, curriculum_key=key)
    if certificate is None:
        raise Http404
    language = request.user.preferred_language or get_language()
    with translation.override(language):  # the QR code opens the page in the same language
        verify_url = request.build_absolute_uri(
            reverse("participants:verify", args=[certificate.code])
        )
    data = certificate_pdf(certificate=certificate, language=language, verify_url=verify_url)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="rumo-certificate.pdf"'
    return response


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: name, curriculum and date of a certificate, nothing else; 404 otherwise."""
    certificate = certificate_by_code(code=code)
    if certificate is None:
        raise Http404
    outline = curriculum_api.curriculum_outline(
        curriculum_key=certificate.curriculum_key, language=get_language()
    )
    person = certificate.person
    response = render(
        request,
        "participants/verify.html",
        {
            "name": person.get_full_name() or person.username,
            "curriculum": outline.title if outline else "",
            "issued_at": certificate.issued_at,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
