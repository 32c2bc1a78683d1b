from django.urls import path

from . import views

app_name = "facilitation"

group = "<int:group_id>/"
session = f"{group}sessions/<int:scheduled_id>/"
learner = f"{group}learners/<int:learner_id>/"

urlpatterns = [
    path("", views.group_list, name="groups"),
    path("new/", views.group_new, name="group_new"),
    path(group, views.group_dashboard, name="group"),
    path(f"{group}settings/", views.group_settings, name="settings"),
    path(f"{group}settings/join-code/", views.join_code_new, name="join_code_new"),
    path(
        f"{group}join-requests/<int:request_id>/",
        views.join_request_decide,
        name="join_request",
    ),
    path(f"{group}schedule/", views.schedule, name="schedule"),
    path(f"{session}attendance/", views.attendance, name="attendance"),
    path(f"{session}attendance/undo/", views.attendance_undo, name="attendance_undo"),
    path(f"{session}run/", views.session_mode, name="session_mode"),
    path(f"{group}learners/new/", views.learner_new, name="learner_new"),
    path(f"{group}learners/import/", views.learners_import, name="import"),
    path(learner, views.learner, name="learner"),
    path(f"{learner}password/", views.learner_password, name="password"),
    path(f"{group}notes/", views.note_add, name="note_add"),
    path(f"{group}notes/<int:note_id>/delete/", views.note_remove, name="note_remove"),
    path(f"{group}export.csv", views.export_csv, name="export_csv"),
    path(f"{group}export.xlsx", views.export_xlsx, name="export_xlsx"),
]
