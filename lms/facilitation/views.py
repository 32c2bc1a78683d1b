"""Facilitator and programme-manager screens. Every view first checks who may see it: the
group list and creation need the facilitator or manager role; everything about one group
answers 404 unless ``groups_visible_to`` lets the user see that group (someone else's group is
indistinguishable from a missing one). The work itself is done by services and selectors."""

from __future__ import annotations

from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from curriculum import api as curriculum_api
from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.cohorts.models import AttendanceRecord, AttendanceStatus, LearnerGroup, ScheduledSession
from lms.cohorts.selectors import (
    group_for_user_or_none,
    groups_visible_to,
    join_request_of_group,
    join_requests_for_group,
)
from lms.cohorts.services import (
    CohortError,
    attendance_record,
    attendance_undo_latest,
    group_create,
    group_update,
    join_code_rotate,
    join_request_approve,
    join_request_decline,
    learner_account_create,
    learner_password_reset,
    learners_import_csv,
    schedule_generate,
    scheduled_session_reschedule,
)
from lms.core.inputs import date_in_range, id_in_range, id_parse
from lms.core.roles import user_may_facilitate

from .exports import matrix_csv, matrix_xlsx
from .forms import (
    GroupCreateForm,
    GroupSettingsForm,
    ImportForm,
    LearnerAccountForm,
    NoteForm,
    ScheduleForm,
)
from .models import FacilitatorNote
from .selectors import group_matrix, learner_detail, register_for, session_notes
from .services import note_about_learner_create, note_about_session_create, note_delete


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def may_facilitate(user) -> bool:
    """Who may open the facilitation area and create groups: facilitators and managers."""
    return user_may_facilitate(user=user)


def staff_area(view):
    """Login, then the facilitator or manager role, else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not may_facilitate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def group_view(view):
    """Login, then a group the user may see (``group_id`` in the URL), else 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, group_id: int, *args, **kwargs):
        group = group_for_user_or_none(user=request.user, group_id=group_id)
        if group is None:
            raise Http404
        return view(request, group, *args, **kwargs)

    return wrapped


def _sessions(group: LearnerGroup) -> list[SessionOutline]:
    """The group's sessions in the viewer's language (the source's where not translated)."""
    return curriculum_api.session_outlines(
        curriculum_key=group.curriculum_key, language=get_language()
    )


def _curriculum_title(group: LearnerGroup) -> str:
    outline = curriculum_api.curriculum_outline(
        curriculum_key=group.curriculum_key, language=get_language()
    )
    return outline.title if outline else ""


def _scheduled(group: LearnerGroup, scheduled_id: int) -> ScheduledSession:
    scheduled = ScheduledSession.objects.filter(group=group, pk=scheduled_id).first()
    if scheduled is None:
        raise Http404
    return scheduled


def _curricula() -> list[tuple[str, str]]:
    return [
        (str(c.translation_key), c.title)
        for c in curriculum_api.curricula_live(language=get_language())
    ]


# --- Groups -----------------------------------------------------------------------------------


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
@require_GET
def group_dashboard(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    sessions = _sessions(group)
    matrix = group_matrix(group=group, session_outlines=sessions)
    upcoming = next(
        (c for c in matrix.columns if c.date is not None and c.date >= matrix.today), None
    )
    last_held = next((c for c in reversed(matrix.columns) if c.held), None)
    # The latest sessions first, each with its three most missed questions; the labels are
    # written here once rather than by a template tag per question.
    share = _("%(wrong)s of %(answered)s wrong (%(percent)s%%)")  # translated once
    difficult = []
    for column in reversed(matrix.columns):
        questions = [q for q in matrix.difficult.get(column.session_key, ()) if q.wrong][:3]
        if questions:
            difficult.append(
                (
                    column,
                    [
                        (
                            q,
                            share
                            % {"wrong": q.wrong, "answered": q.answered, "percent": q.percent},
                        )
                        for q in questions
                    ],
                )
            )
    return render(
        request,
        "facilitation/group_dashboard.html",
        {
            "group": group,
            "matrix": matrix,
            "upcoming": upcoming,
            "last_held": last_held,
            "difficult": difficult,
            "join_url": request.build_absolute_uri(
                reverse("learner:join", kwargs={"code": group.join_code})
            ),
        },
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


@group_view
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    sessions = _sessions(group)
    titles = {s.key: s.title for s in sessions}
    planned = list(ScheduledSession.objects.filter(group=group))
    pattern = ScheduleForm(
        request.POST if request.POST.get("action") == "pattern" else None,
        initial={
            "first_date": timezone.localdate(),
            "weekdays": sorted({s.date.weekday() for s in planned}),
            "starts_at": next((s.starts_at for s in planned if s.starts_at), None),
        },
    )
    errors: dict[int, str] = {}
    if request.method == "POST" and request.POST.get("action") == "pattern":
        if pattern.is_valid():
            data = pattern.cleaned_data
            try:
                schedule_generate(
                    group=group,
                    session_keys=[(s.key, s.number) for s in sessions],
                    first_date=data["first_date"],
                    weekdays=data["weekdays"],
                    starts_at=data["starts_at"],
                )
            except CohortError as error:
                pattern.add_error(None, error.message)
            else:
                messages.success(request, _("The schedule is planned again."))
                return redirect("facilitation:schedule", group.pk)
    elif request.method == "POST":
        changed = []
        for scheduled in planned:
            raw = request.POST.get(f"date-{scheduled.pk}", "")[:10]
            try:
                new = date_in_range(parse_date(raw)) if raw else None
            except ValueError:
                new = None
            if new is None:
                errors[scheduled.pk] = _("Enter a valid date.")
            elif new != scheduled.date:
                changed.append((scheduled, new))
        if not errors:
            for scheduled, new in changed:
                scheduled_session_reschedule(scheduled=scheduled, date=new)
            messages.success(
                request,
                ngettext("%(count)s date changed.", "%(count)s dates changed.", len(changed))
                % {"count": len(changed)},
            )
            return redirect("facilitation:schedule", group.pk)
    rows = [(s, titles.get(s.session_key, ""), errors.get(s.pk, "")) for s in planned]
    return render(
        request,
        "facilitation/schedule.html",
        {"group": group, "rows": rows, "pattern": pattern},
        status=400 if errors or pattern.errors else 200,
    )


# --- Attendance ----------------------------------------------------------------------------


def _register_json(group: LearnerGroup, scheduled: ScheduledSession) -> dict:
    register = register_for(scheduled=scheduled, changes=0)
    return {
        "statuses": {str(line.learner_id): line.status for line in register.lines},
        "recorded": register.recorded,
        "total": len(register.lines),
        "can_undo": register.can_undo,
    }


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    if request.method == "POST":
        status = request.POST.get("status", "")
        learner_id = id_parse(request.POST.get("learner"))
        learner = User.objects.filter(pk=learner_id).first() if learner_id else None
        error = ""
        if status not in AttendanceStatus.values or learner is None:
            error = _("Choose a learner and a status.")
        else:
            try:
                attendance_record(
                    scheduled=scheduled, learner=learner, status=status, recorded_by=request.user
                )
            except CohortError as exc:
                error = exc.message
        if _wants_json(request):
            if error:
                return JsonResponse({"error": error}, status=400)
            return JsonResponse(_register_json(group, scheduled))
        if error:
            messages.error(request, error)
        url = reverse("facilitation:attendance", args=[group.pk, scheduled.pk])
        return redirect(f"{url}#l-{learner.pk}" if learner and not error else url)
    titles = {s.key: s.title for s in _sessions(group)}
    return render(
        request,
        "facilitation/attendance.html",
        {
            "group": group,
            "register": register_for(scheduled=scheduled),
            "title": titles.get(scheduled.session_key, ""),
            "statuses": AttendanceStatus.choices,
        },
    )


@group_view
@require_POST
def attendance_undo(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    try:
        attendance_undo_latest(scheduled=scheduled, undone_by=request.user)
    except CohortError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
    else:
        if not _wants_json(request):
            messages.success(request, _("The last change is undone."))
    if _wants_json(request):
        return JsonResponse(_register_json(group, scheduled))
    return redirect("facilitation:attendance", group.pk, scheduled.pk)


# --- Session mode ------------------------------------------------------------------------------


@group_view
@require_GET
def session_mode(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    page = curriculum_api.session_for_key(
        session_key=scheduled.session_key, language=get_language()
    )
    if page is None:
        raise Http404
    agenda = curriculum_api.session_agenda(session=page)
    guide = [b for b in page.facilitator_guide if b.block_type != "agenda_item"]
    recorded = AttendanceRecord.objects.filter(scheduled=scheduled).count()
    return render(
        request,
        "facilitation/session_mode.html",
        {
            "group": group,
            "scheduled": scheduled,
            "session": page,
            "agenda": agenda,
            "total_minutes": sum(item.minutes for item in agenda),
            "guide": guide,
            "notes": session_notes(group=group, session_key=scheduled.session_key),
            "note_form": NoteForm(),
            "recorded": recorded,
            "members": group.memberships.count(),
        },
    )


# --- Learners ----------------------------------------------------------------------------------


@group_view
@require_GET
def learner(request: HttpRequest, group: LearnerGroup, learner_id: int) -> HttpResponse:
    if not id_in_range(learner_id):
        raise Http404
    sessions = _sessions(group)
    detail = learner_detail(group=group, learner_id=learner_id, session_outlines=sessions)
    if detail is None:
        raise Http404
    titles = {s.key: f"{s.number}. {s.title}" for s in sessions}
    # The learner's row of the dashboard: the risk reasons and attendance that lead the page
    # are the same as the dashboard's.
    matrix = group_matrix(group=group, session_outlines=sessions)
    row = next(r for r in matrix.rows if r.learner_id == detail.membership.learner_id)
    held = [(c, cell) for c, cell in zip(matrix.columns, row.cells, strict=True) if c.held]
    return render(
        request,
        "facilitation/learner.html",
        {
            "group": group,
            "detail": detail,
            "row": row,
            "held": held,
            "person": detail.membership.learner,
            "sessions": [(s, detail.progress.get(s.key)) for s in sessions],
            "titles": titles,
            "note_form": NoteForm(),
        },
    )


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def learner_new(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = LearnerAccountForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = learner_account_create(
                group=group,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                created_by=request.user,
            )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            created = {"user": user, "password": password}
            form = LearnerAccountForm()
    return render(
        request,
        "facilitation/learner_new.html",
        {"group": group, "form": form, "created": created},
        status=400 if form.errors else 200,
    )


@group_view
@never_cache
@require_POST
def learner_password(request: HttpRequest, group: LearnerGroup, learner_id: int) -> HttpResponse:
    person = User.objects.filter(pk=learner_id).first()
    if person is None:
        raise Http404
    try:
        password = learner_password_reset(group=group, learner=person, reset_by=request.user)
    except CohortError as error:
        # The page says why, and that nothing changed.
        return render(
            request,
            "facilitation/password.html",
            {"group": group, "person": person, "refused": error.message},
            status=403,
        )
    return render(
        request,
        "facilitation/password.html",
        {"group": group, "person": person, "password": password},
    )


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def learners_import(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = learners_import_csv(
            group=group, csv_text=form.cleaned_data["file"], created_by=request.user
        )
    return render(
        request,
        "facilitation/import.html",
        {"group": group, "form": form, "report": report},
        status=400 if form.errors or (report and not report.ok) else 200,
    )


# --- Notes -------------------------------------------------------------------------------------


@group_view
@require_POST
def note_add(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = NoteForm(request.POST)
    about_learner = bool(request.POST.get("learner"))
    learner_id = id_parse(request.POST.get("learner"))
    session_key = _uuid_or_none(request.POST.get("session", ""))
    if (about_learner and learner_id is None) or (not about_learner and session_key is None):
        raise Http404
    back = request.POST.get("back", "")
    if back not in {"session", "learner"}:
        back = "learner" if learner_id else "session"
    try:
        if not form.is_valid():
            raise CohortError(
                " ".join(form.errors.get("text", [_("Write something in the note.")]))
            )
        if learner_id:
            person = User.objects.filter(pk=learner_id).first()
            if person is None:
                raise Http404
            note_about_learner_create(
                group=group, learner=person, author=request.user, text=form.cleaned_data["text"]
            )
        else:
            key = session_key
            note_about_session_create(
                group=group, session_key=key, author=request.user, text=form.cleaned_data["text"]
            )
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Note saved."))
    return _back_to(request, group, back, learner_id, session_key)


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value[:64])
    except ValueError:
        return None


def _back_to(
    request, group, back: str, learner_id: int | None, session_key: UUID | None
) -> HttpResponse:
    if back == "learner" and learner_id:
        return redirect(reverse("facilitation:learner", args=[group.pk, learner_id]) + "#notes")
    scheduled = (
        ScheduledSession.objects.filter(group=group, session_key=session_key).first()
        if session_key
        else None
    )
    if scheduled is not None:
        return redirect(
            reverse("facilitation:session_mode", args=[group.pk, scheduled.pk]) + "#notes"
        )
    return redirect("facilitation:group", group.pk)


@group_view
@require_POST
def note_remove(request: HttpRequest, group: LearnerGroup, note_id: int) -> HttpResponse:
    note = FacilitatorNote.objects.filter(group=group, pk=note_id).first()
    if note is None:
        raise Http404
    try:
        note_delete(note=note, user=request.user)
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Note deleted."))
    return _back_to(
        request,
        group,
        "learner" if note.learner_id else "session",
        note.learner_id,
        note.session_key,
    )


# --- Exports -----------------------------------------------------------------------------------


def _export_name(group: LearnerGroup, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"rumo-group-{group.pk}-{stamp}.{extension}"


def _export_record(request: HttpRequest, group: LearnerGroup, fmt: str, matrix) -> None:
    audit_record(
        kind=AuditKind.EXPORT,
        actor=request.user,
        subject=None,
        request=request,
        detail={"group": group.pk, "format": fmt, "rows": len(matrix.rows)},
    )


@group_view
@require_GET
def export_csv(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    """The dashboard's table as CSV (``exports.matrix_csv``)."""
    matrix = group_matrix(group=group, session_outlines=_sessions(group))
    response = HttpResponse(matrix_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(group, "csv")}"'
    _export_record(request, group, "csv", matrix)
    return response


@group_view
@require_GET
def export_xlsx(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    """The dashboard's table as an Excel workbook (``exports.matrix_xlsx``)."""
    matrix = group_matrix(group=group, session_outlines=_sessions(group))
    response = HttpResponse(
        matrix_xlsx(matrix),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(group, "xlsx")}"'
    _export_record(request, group, "xlsx", matrix)
    return response
