from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearnerConfig(AppConfig):
    name = "lms.learner"
    label = "learner"
    verbose_name = _("Learner")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (keeps the cached learner state in step)
