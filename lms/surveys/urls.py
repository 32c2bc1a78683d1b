"""Two URL sets: the learner's rounds under /learn/surveys/ and the facilitation part under
/facilitate/follow-up/ (each mounted in ``lms.urls``)."""

from django.urls import path

from . import views

learner_patterns = (
    [path("<int:round_id>/", views.round_answer, name="answer")],
    "surveys",
)

facilitation_patterns = (
    [
        path("", views.follow_up, name="follow_up"),
        path("rounds/<int:round_id>/", views.round_record, name="record"),
    ],
    "surveys_facilitation",
)
