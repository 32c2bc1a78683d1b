from django.urls import path

from . import views

app_name = "learner"

urlpatterns = [
    path("", views.path, name="path"),
    path("enrol/<int:curriculum_id>/", views.enrol, name="enrol"),
    path("enrol/<int:curriculum_id>/placement/", views.placement, name="placement"),
    path("sessions/<int:page_id>/progress/", views.progress, name="progress"),
    path("sessions/<int:page_id>/quiz/<str:block_id>/", views.quiz_submit, name="quiz_submit"),
    path("sessions/<int:page_id>/reflection/<str:block_id>/", views.reflection, name="reflection"),
    path("sessions/<int:page_id>/resource/<str:block_id>/", views.resource, name="resource"),
    path("offline/<int:page_id>/", views.offline_download, name="offline_download"),
    path("offline/<int:page_id>/files/", views.offline_files, name="offline_files"),
    path("life-plan/", views.life_plan, name="life_plan"),
    path("life-plan/print/", views.life_plan_print, name="life_plan_print"),
    path("refreshers/", views.refreshers, name="refreshers"),
    path("language/", views.language, name="language"),
    path("join/", views.join, name="join_form"),
    path("join/<str:code>/", views.join, name="join"),
]
