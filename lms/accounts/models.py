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
    # A year, not a date: enough to know who is under 18 (guardian consent) and to report by
    # age band, and less to hold about a person.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # On for everyone until they turn it off: most learners pay for every megabyte (see the
    # README's Decisions). Session pages then carry only the 240p video and phone-width images.
    data_saver = models.BooleanField(
        _("data saver"),
        default=True,
        help_text=_("Videos only in 240p and images at phone width, to spend less mobile data."),
    )

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


class ConsentRecord(models.Model):
    """A consent given (and perhaps withdrawn later): the privacy notice accepted at sign-up,
    a guardian's consent for a learner under 18 (recorded by the group's facilitator), or
    consent to follow-up data collection. Rows are never edited except to set
    ``withdrawn_at``; a new consent is a new row."""

    class Kind(models.TextChoices):
        PRIVACY_NOTICE = "notice", _("Privacy notice accepted")
        GUARDIAN = "guardian", _("Guardian consent")
        FOLLOW_UP = "follow_up", _("Follow-up data collection")
        # The business book: a mentor may see the monthly results (never single entries), and
        # the book's monthly sales may count in the programme's results.
        MENTORING = "mentoring", _("Mentor sees the business's monthly results")
        BOOK_SALES = "book_sales", _("Business book sales count in programme results")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    # The guardian's name as the facilitator wrote it (guardian consent only).
    guardian_name = models.CharField(_("guardian's name"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.kind} · {self.notice_version}"
