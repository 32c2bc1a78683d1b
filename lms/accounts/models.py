from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{8,20}$",
    _("Enter a phone number with 8 to 20 digits, optionally starting with +."),
)


class User(AbstractUser):
    """A person using Rumo. Many learners have no email address, so email and phone are
    optional; the username is what everyone logs in with."""

    class Country(models.TextChoices):
        BRAZIL = "BR", _("Brazil")
        CHILE = "CL", _("Chile")
        PERU = "PE", _("Peru")

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    # Set when someone else chose the password (a facilitator's reset, an account made by a
    # facilitator or a CSV import); the learner must choose their own at the next login.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_unique_email_when_given",
            ),
            models.UniqueConstraint(
                "phone",
                condition=~models.Q(phone=""),
                name="accounts_user_unique_phone_when_given",
            ),
        ]
