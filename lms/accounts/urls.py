from django.urls import path

from . import views

# Included under accounts/ before allauth's URLs; names follow allauth's ``account_*``.
urlpatterns = [
    path("password/new/", views.password_required, name="account_password_required"),
]
