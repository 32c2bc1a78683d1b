from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.download, name="download"),
    path("my-data/delete/", views.delete_account, name="delete_account"),
    path("groups/<int:group_id>/leave/", views.leave_group, name="leave_group"),
    path(
        "groups/<int:group_id>/members/<int:learner_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "groups/<int:group_id>/members/<int:learner_id>/guardian-consent/",
        views.guardian_consent,
        name="guardian_consent",
    ),
]
