from django.urls import path

from .views import attendance, dashboard, exports, groups, learners, notes, schedule, session_mode

app_name = "facilitation"

group = "<int:group_id>/"
session = f"{group}sessions/<int:scheduled_id>/"
learner = f"{group}learners/<int:learner_id>/"

urlpatterns = [
    path("", groups.group_list, name="groups"),
    path("new/", groups.group_new, name="group_new"),
    path(group, dashboard.group_dashboard, name="group"),
    path(f"{group}settings/", groups.group_settings, name="settings"),
    path(f"{group}settings/join-code/", groups.join_code_new, name="join_code_new"),
    path(
        f"{group}join-requests/<int:request_id>/",
        groups.join_request_decide,
        name="join_request",
    ),
    path(f"{group}schedule/", schedule.schedule, name="schedule"),
    path(f"{session}attendance/", attendance.attendance, name="attendance"),
    path(f"{session}attendance/undo/", attendance.attendance_undo, name="attendance_undo"),
    path(f"{session}run/", session_mode.session_mode, name="session_mode"),
    path(f"{group}learners/new/", learners.learner_new, name="learner_new"),
    path(f"{group}learners/import/", learners.learners_import, name="import"),
    path(learner, learners.learner, name="learner"),
    path(f"{learner}password/", learners.learner_password, name="password"),
    path(f"{group}notes/", notes.note_add, name="note_add"),
    path(f"{group}notes/<int:note_id>/delete/", notes.note_remove, name="note_remove"),
    path(f"{group}export.csv", exports.export_csv, name="export_csv"),
    path(f"{group}export.xlsx", exports.export_xlsx, name="export_xlsx"),
]
