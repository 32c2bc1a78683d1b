from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "lms.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
