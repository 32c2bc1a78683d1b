from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "lms.facilitation"
    label = "facilitation"
    verbose_name = _("Facilitation")
