from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "lms.cohorts"
    label = "cohorts"
    verbose_name = _("Cohorts")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (registers the receivers)
