from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.results, name="results"),
    path("results.csv", views.results_download, {"fmt": "csv"}, name="results_csv"),
    path("results.xlsx", views.results_download, {"fmt": "xlsx"}, name="results_xlsx"),
]
