from django.urls import path

from . import views_mentoring as views

owner_patterns = (
    [path("", views.owner_mentor, name="owner")],
    "book_mentor",
)

mentor_patterns = (
    [
        path("", views.mentor_list, name="list"),
        path("<str:pk>/", views.mentor_detail, name="detail"),
        path("<str:pk>/actions/<str:action_pk>/", views.mentor_action_done, name="action_done"),
    ],
    "mentoring",
)
