"""Learner views. Each one checks who may act (a logged-in learner, acting on their own
records only) and hands the work to services and selectors."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum import api as curriculum_api
from curriculum.data import LiveSession, SessionOutline
from curriculum.models import CurriculumPage, SessionPage
from lms.business.suggestions import book_suggestions
from lms.cohorts.models import JoinRequest
from lms.cohorts.placement import PLACEMENT_QUESTIONS, placement_suggest
from lms.cohorts.selectors import enrolment_get
from lms.cohorts.services import (
    CohortError,
    JoinCodeLimited,
    enrolment_create,
    group_for_join_code,
    membership_join_by_code,
)
from lms.core.inputs import (
    MAX_PAGE_ID,
    InputError,
    id_in_range,
    json_object,
    moment_recent,
    number_in_range,
)
from lms.participants.consent import profile_not_asked_yet
from lms.portfolio.forms import LifePlanForm, LifePlanStepFormSet, ReflectionForm
from lms.portfolio.selectors import life_plan_steps_shown
from lms.portfolio.services import (
    MAX_LIFE_PLAN_STEPS,
    LifePlanStepLimit,
    life_plan_get_or_create,
    life_plan_step_save,
    reflection_save,
)
from lms.progress.services import block_progress_record
from lms.quizzes.selectors import quiz_summary
from lms.quizzes.services import MAX_SITTING, QuizSubmissionError, quiz_attempt_submit

from .downloads import offline_download as offline_download_get
from .downloads import offline_manifest, offline_page_for_request
from .forms import JoinForm
from .selectors import learner_path, refresher_search


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _session_and_outline(page_id: int) -> tuple[SessionPage, SessionOutline]:
    session = curriculum_api.session_live(page_id=page_id) if _page_id(page_id) else None
    if session is None:
        raise Http404
    return session, curriculum_api.session_outline(session=session)


def _live_session(page_id: int) -> LiveSession:
    """What the learner's writes to a live, public session need, with no query while no
    page changes (``curriculum_api.live_session_get``)."""
    found = curriculum_api.live_session_get(page_id=page_id) if _page_id(page_id) else None
    if found is None:
        raise Http404
    return found


def _page_id(value: int) -> bool:
    return id_in_range(value, maximum=MAX_PAGE_ID)


def _curriculum_live(curriculum_id: int) -> CurriculumPage | None:
    if not _page_id(curriculum_id):
        return None
    return CurriculumPage.objects.live().public().filter(pk=curriculum_id).first()


def _block_value(session: SessionPage, block_id: str, kind: str):
    for block in session.body:
        if block.id == block_id and block.block_type == kind:
            return block.value
    raise Http404


def _to_profile_once(request: HttpRequest) -> HttpResponse:
    """After enrolling or joining, My path; the first time, the profile and its consent
    question on the way (the learner may answer "not now")."""
    if profile_not_asked_yet(person=request.user):
        return redirect(f"{reverse('participants:my_profile')}?next={reverse('learner:path')}")
    return redirect("learner:path")


@login_required
@require_GET
def path(request: HttpRequest) -> HttpResponse:
    context = learner_path(learner=request.user, language=get_language())
    context["book_suggestions"] = book_suggestions(
        owner=request.user, language=get_language(), request=request
    )
    return render(request, "learner/path.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, curriculum_id: int) -> HttpResponse:
    curriculum = _curriculum_live(curriculum_id)
    if curriculum is None:
        raise Http404
    enterprise = curriculum.kind == CurriculumPage.Kind.ENTERPRISE
    current = enrolment_get(learner=request.user, curriculum_key=curriculum.translation_key)
    error = ""
    if request.method == "POST":
        level = request.POST.get("level") or None
        if level not in {"1", "2", "3"} and (enterprise or level is not None):
            error = _("Choose the level that fits your business, or take the placement questions.")
        else:
            enrolment_create(
                learner=request.user,
                curriculum_key=curriculum.translation_key,
                level=int(level) if level and enterprise else None,
            )
            messages.success(request, _("You are enrolled. Welcome!"))
            return _to_profile_once(request)
    suggested = request.GET.get("level")
    return render(
        request,
        "learner/enrol.html",
        {
            "curriculum": curriculum,
            "enterprise": enterprise,
            "current": current,
            "levels": curriculum_api.BusinessLevel.choices,
            "suggested": suggested if suggested in {"1", "2", "3"} else None,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement(request: HttpRequest, curriculum_id: int) -> HttpResponse:
    curriculum = _curriculum_live(curriculum_id)
    if curriculum is None or curriculum.kind != CurriculumPage.Kind.ENTERPRISE:
        raise Http404
    if request.method == "POST":
        level = placement_suggest(
            {q.name: request.POST.get(q.name, "") for q in PLACEMENT_QUESTIONS}
        )
        return redirect(f"{request.path.rsplit('placement/', 1)[0]}?level={level}")
    return render(
        request,
        "learner/placement.html",
        {"curriculum": curriculum, "questions": PLACEMENT_QUESTIONS},
    )


def _parse_started_at(value: str) -> datetime | None:
    """When the browser says the quiz page was opened: an aware time in the last day, or
    None (a year-1 or far-future time would not fit the database's columns)."""
    try:
        started = datetime.fromisoformat(value[:40])
    except (TypeError, ValueError):
        return None
    return moment_recent(started, within=MAX_SITTING)


@login_required
@require_POST
def quiz_submit(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    live = _live_session(page_id)
    quiz = live.quiz(block_id)
    if quiz is None:
        raise Http404
    responses = {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = uuid.uuid4()
    try:
        attempt, _created = quiz_attempt_submit(
            learner=request.user,
            outline=live.outline,
            quiz=quiz,
            responses=responses,
            token=token,
            language=live.language,
            started_at=_parse_started_at(request.POST.get("started_at", "")),
        )
    except QuizSubmissionError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message, "errors": error.errors}, status=400)
        messages.error(request, error.message)
        return redirect(f"{live.outline.url}#b-{block_id}")
    if _wants_json(request):
        summary = quiz_summary(
            learner=request.user, session_key=live.outline.key, block_id=block_id
        )
        # The summary read the latest attempt's answers: the one just stored, as a rule (a
        # second tap of an older form gets that form's attempt, read on its own).
        answers = (
            summary.latest_answers
            if summary.latest.pk == attempt.pk
            else {a.question_id: a for a in attempt.answers.all()}
        )
        return JsonResponse(
            {
                "summary": summary.text,
                "attempts": summary.attempts,
                "best_score": str(summary.best.score),
                "score": str(attempt.score),
                "passed": attempt.passed,
                "pass_mark": attempt.pass_mark,
                "questions": [
                    {
                        "id": q.id,
                        "correct": answers[q.id].correct,
                        "explanation": q.explanation,
                        "feedback": [
                            o.feedback for o in q.options if o.id in answers[q.id].response
                        ]
                        or [q.feedback_correct if answers[q.id].correct else q.feedback_incorrect],
                    }
                    for q in quiz.questions
                ],
            }
        )
    return redirect(f"{live.outline.url}#b-{block_id}")


MAX_VIDEO_SECONDS = 24 * 3600  # lesson videos are minutes long


@login_required
@require_POST
def progress(request: HttpRequest, page_id: int) -> HttpResponse:
    """Progress events from the page's script (video position and share watched)."""
    outline = _live_session(page_id).outline
    try:
        data = json_object(request)
        block_id = data["block_id"]
        if not isinstance(block_id, str):
            raise InputError("block id is not text")
        ratio = number_in_range(data.get("progress", 0), low=0, high=1)
        position = number_in_range(data.get("position", 0), low=0, high=MAX_VIDEO_SECONDS)
    except (InputError, KeyError):
        return JsonResponse({"error": _("Invalid progress data.")}, status=400)
    if block_id not in {b.id for b in outline.tracked}:
        return JsonResponse({"error": _("Unknown block.")}, status=400)
    row = block_progress_record(
        learner=request.user,
        outline=outline,
        block_id=block_id,
        progress=ratio,
        position_seconds=position,
    )
    return JsonResponse({"progress": row.progress, "complete": row.is_complete})


@login_required
@require_GET
def resource(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    session, outline = _session_and_outline(page_id)
    value = _block_value(session, block_id, "resource")
    block_progress_record(learner=request.user, outline=outline, block_id=block_id, complete=True)
    return redirect(value["document"].url)


@login_required
@require_POST
def reflection(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    session, outline = _session_and_outline(page_id)
    value = _block_value(session, block_id, "reflection")
    form = ReflectionForm(request.POST)
    if form.is_valid() and form.cleaned_data["text"].strip():
        reflection_save(
            learner=request.user,
            outline=outline,
            block_id=block_id,
            prompt=value["prompt"],
            text=form.cleaned_data["text"],
            shared=form.cleaned_data["shared"],
        )
        messages.success(request, _("Your reflection is saved."))
    else:
        messages.error(request, _("Write your reflection before saving."))
    return redirect(f"{session.url}#b-{block_id}")


@login_required
@require_http_methods(["GET", "POST"])
def life_plan(request: HttpRequest) -> HttpResponse:
    plan = life_plan_get_or_create(learner=request.user)
    form = LifePlanForm(request.POST or None, instance=plan)
    steps = LifePlanStepFormSet(
        request.POST or None,
        instance=plan,
        prefix="steps",
        queryset=life_plan_steps_shown(plan=plan),
    )
    if request.method == "POST":
        if form.is_valid() and steps.is_valid():
            now = timezone.now()  # later than anything still on a phone
            try:
                with transaction.atomic():
                    form.instance.written_at = now
                    form.save()
                    for key, fields in steps.step_changes():
                        life_plan_step_save(
                            learner=request.user, key=key, fields=fields, written_at=now
                        )
            except LifePlanStepLimit:  # steps a phone sent since this page was drawn
                messages.error(
                    request,
                    _("A life plan has at most %(count)s steps.") % {"count": MAX_LIFE_PLAN_STEPS},
                )
            else:
                messages.success(request, _("Your life plan is saved."))
                return redirect("learner:life_plan")
        else:
            messages.error(request, _("Please correct the highlighted fields."))
    return render(
        request,
        "learner/life_plan.html",
        {"form": form, "steps": steps, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def life_plan_print(request: HttpRequest) -> HttpResponse:
    plan = life_plan_get_or_create(learner=request.user)
    return render(
        request,
        "learner/life_plan_print.html",
        {"plan": plan, "steps": life_plan_steps_shown(plan=plan)},
    )


@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    """Switch language: remembered on the account (interface and content) and in a cookie
    (for the next visit to the site's root). Visitors' pages ask with GET (a form without a
    CSRF token, so the page is the same for every visitor and can be kept whole); a GET only
    sets the cookie, never the account."""
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponse(status=400)
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and request.user.preferred_language != code
    ):
        request.user.preferred_language = code
        request.user.save(update_fields=["preferred_language"])
    target = data.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = f"/{code}/"
    response = redirect(target)
    add_never_cache_headers(response)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@require_GET
def refreshers(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context = refresher_search(query=query, language=get_language())
    return render(request, "learner/refreshers.html", {"query": query, **context})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Join a group with its code: typed in, or from the link the facilitator shares.

    Anonymous visitors learn nothing about the group: the page only asks them to log in or
    sign up (they come back here), and it looks the same whether the code is right or wrong
    (no group is even looked up). Once logged in, the group's name and place are shown to
    confirm; wrong codes are rate-limited per connection and per account. In a group whose
    joins need approval, joining makes a pending request the facilitator accepts."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        return render(request, "learner/join.html", {"form": None, "code": code})
    form = JoinForm(request.POST or None, initial={"code": code})
    group = None
    status = 200
    typed = request.POST.get("code", "") if request.method == "POST" else code
    if typed and (request.method == "GET" or form.is_valid()):
        try:
            group = group_for_join_code(request=request, code=typed)
        except JoinCodeLimited as error:
            form = JoinForm(data={"code": typed[:12]})
            form.is_valid()
            form.add_error(None, error.message)
            status = 429
        except CohortError as error:
            form = JoinForm(data={"code": typed[:12]})
            form.is_valid()
            form.add_error("code", error.message)
    if request.method == "POST" and group is not None:
        try:
            joined = membership_join_by_code(code=group.join_code, learner=request.user)
        except CohortError as error:
            form.add_error("code", error.message)
            group = None
        else:
            if isinstance(joined, JoinRequest):
                messages.info(
                    request,
                    _("You asked to join %(group)s: waiting for the facilitator's approval.")
                    % {"group": group.name},
                )
                return redirect("learner:join", group.join_code)
            messages.success(
                request, _("You joined the group %(group)s. Welcome!") % {"group": group.name}
            )
            return _to_profile_once(request)
    member = group is not None and group.memberships.filter(learner=request.user).exists()
    pending = (
        group is not None
        and not member
        and group.join_requests.filter(learner=request.user).exists()
    )
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "learner/join.html",
        {"form": form, "group": group, "code": code, "member": member, "pending": pending},
        status=status,
    )


def _offline_download_or_404(request: HttpRequest, page_id: int):
    page = offline_page_for_request(page_id=page_id, request=request) if _page_id(page_id) else None
    download = offline_download_get(page=page) if page is not None else None
    if download is None:
        raise Http404
    return download


@login_required
@require_GET
def offline_download(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Download for offline" of a session or module page: its size and what it holds, then
    the download itself (download.js) with its progress."""
    download = _offline_download_or_404(request, page_id)
    return render(request, "learner/download.html", {"download": download})


@login_required
@require_GET
def offline_files(request: HttpRequest, page_id: int) -> JsonResponse:
    """The files the phone fetches for "Download for offline", with their sizes."""
    response = JsonResponse(offline_manifest(download=_offline_download_or_404(request, page_id)))
    response["Cache-Control"] = "private, no-cache"
    return response
