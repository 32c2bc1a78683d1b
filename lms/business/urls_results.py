"""Mounted at learn/book/results/ before the learner's learn/ routes (lms/urls.py)."""

from django.urls import path

from . import views_results as views

app_name = "book_results"

urlpatterns = [
    path("", views.results_month, name="month"),
    path("print/", views.results_print, name="print"),
    path("<str:scope>.<str:extension>", views.results_download, name="download"),
]
