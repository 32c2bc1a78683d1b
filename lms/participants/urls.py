from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/data-saver/", views.my_data_saver, name="my_data_saver"),
    path("profile/withdraw/", views.my_consent_withdraw, name="my_consent_withdraw"),
    path(
        "groups/<int:group_id>/learners/<int:learner_id>/profile/",
        views.learner_profile,
        name="learner_profile",
    ),
    path(
        "certificates/<str:curriculum_key>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("verify/<str:code>/", views.verify, name="verify"),
]
