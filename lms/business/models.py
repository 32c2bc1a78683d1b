"""The entrepreneur's business book: the business, its entries (cash book), products and
stock moves, and one summary row per business per month kept up to date by the services.

Amounts are integers in the currency's smallest unit (see ``money.py``). Entries are never
deleted or edited in place without a trace: a correction or a deletion writes an
``EntryRevision`` with what the entry said before, and a deleted entry keeps its row with
``deleted_at`` set.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from lms.accounts.models import User

from .money import COUNTRY_CURRENCY
from .sectors import CATEGORY_LABELS, EntryKind, Sector

MAX_NOTE = 200
MAX_NAME = 120
MAX_MENTOR_TEXT = 2000
MAX_ACTION = 200
MAX_REASON = 300


class Business(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="business",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("business name"), max_length=MAX_NAME)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=User.Country.choices,
    )
    # The facilitator who mentors this business between workshops; they see its monthly
    # results only while the owner's consent to mentoring stands.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_businesses",
        verbose_name=_("mentor"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Last time anything was recorded: the mentor's list of who has gone quiet reads this.
    last_recorded_at = models.DateTimeField(_("last recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self) -> str:
        return self.name

    @property
    def currency(self) -> str:
        return COUNTRY_CURRENCY[self.country]


class Product(models.Model):
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="products", verbose_name=_("business")
    )
    name = models.CharField(_("product"), max_length=MAX_NAME)
    unit_cost = models.BigIntegerField(_("cost per unit"))
    unit_price = models.BigIntegerField(_("price per unit"))
    stock = models.IntegerField(_("in stock"), default=0)
    low_stock_at = models.PositiveIntegerField(_("alert when stock is at or below"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0) & models.Q(unit_price__gte=0),
                name="business_product_amounts_not_negative",
            ),
            models.UniqueConstraint(
                "business",
                "name",
                condition=models.Q(active=True),
                name="business_product_unique_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_low(self) -> bool:
        return self.stock <= self.low_stock_at


class Entry(models.Model):
    """One line of the cash book."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="entries", verbose_name=_("business")
    )
    # Made on the phone, so an entry sent twice (a retry, an offline queue) is stored once.
    client_id = models.UUIDField(_("client id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.BigIntegerField(_("amount"))
    occurred_on = models.DateField(_("date"))
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=[(key, label) for key, label in CATEGORY_LABELS.items()],
    )
    note = models.CharField(_("note"), max_length=MAX_NOTE, blank=True)
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("product"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    # Cost of the goods a sale took out of stock (quantity × the product's cost at the time),
    # so a later change of cost does not rewrite past months.
    cost_of_goods = models.BigIntegerField(_("cost of goods sold"), default=0)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the owner made the latest change, by the phone's clock for a change made offline:
    # a correction queued on a phone applies only if nothing later is in place already.
    changed_at = models.DateTimeField(_("changed by the owner at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["business", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="business_entry_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(cost_of_goods__gte=0), name="business_entry_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} · {self.kind} · {self.amount}"


class EntryRevision(models.Model):
    """What an entry said before a correction or a deletion (and when it was first made).
    Only the owner writes in their book, so the row needs no author."""

    class Action(models.TextChoices):
        CREATED = "created", _("Recorded")
        CORRECTED = "corrected", _("Corrected")
        DELETED = "deleted", _("Deleted")

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("entry")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    snapshot = models.JSONField(_("entry as it was"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("entry revision")
        verbose_name_plural = _("entry revisions")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.action}"


class StockMove(models.Model):
    class Reason(models.TextChoices):
        SALE = "sale", _("Sale")
        PURCHASE = "purchase", _("Purchase")
        COUNT = "count", _("Stock count")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="moves", verbose_name=_("product")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="stock_moves"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    quantity = models.IntegerField(_("change in stock"))
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id} · {self.quantity:+d}"


class MonthSummary(models.Model):
    """Totals of one business's month, rewritten from its live entries whenever one of them
    changes: the monthly results and the mentor's view read these rows, never the entries."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="months", verbose_name=_("business")
    )
    month = models.DateField(_("month"))  # the first day of the month
    sales = models.BigIntegerField(default=0)
    cost_of_goods = models.BigIntegerField(default=0)
    purchases = models.BigIntegerField(default=0)
    expenses = models.BigIntegerField(default=0)
    # Household spending recorded as a business expense (category "household"): counted in
    # ``expenses`` as the owner recorded it, and kept apart so a rule can point it out.
    household_expenses = models.BigIntegerField(default=0)
    draws = models.BigIntegerField(default=0)
    injections = models.BigIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)
    sales_with_product = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("month summary")
        verbose_name_plural = _("month summaries")
        ordering = ["business", "month"]
        constraints = [
            models.UniqueConstraint("business", "month", name="business_month_summary_unique")
        ]

    def __str__(self) -> str:
        return f"{self.business_id} · {self.month:%Y-%m}"

    @property
    def cash_flow(self) -> int:
        """Money in minus money out this month."""
        return self.sales + self.injections - self.purchases - self.expenses - self.draws

    @property
    def profit(self) -> int:
        """Sales minus the cost of the goods sold minus expenses; the owner's take-home is not
        a business cost and is kept out of it."""
        return self.sales - self.cost_of_goods - self.expenses


class MentorNote(models.Model):
    """A mentor's follow-up note about a business they mentor (a call, a visit, a WhatsApp
    conversation): what was said, in the mentor's words."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="mentor_notes", verbose_name=_("business")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=MAX_MENTOR_TEXT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring note")
        verbose_name_plural = _("mentoring notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.business_id} · {self.created_at:%Y-%m-%d}"


class AgreedAction(models.Model):
    """Something the owner and the mentor agreed the owner will do, by a date."""

    business = models.ForeignKey(
        Business,
        on_delete=models.CASCADE,
        related_name="agreed_actions",
        verbose_name=_("business"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.CharField(_("agreed action"), max_length=MAX_ACTION)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class SuggestionCondition(models.TextChoices):
    """What in the book makes a refresher worth suggesting. Each is checked on the month
    summaries (see ``lms.business.suggestions``)."""

    HOUSEHOLD_IN_EXPENSES = "household", _("Household spending recorded as business expenses")
    EXPENSES_ABOVE_SALES = "loss", _("Expenses and cost of goods above sales, months running")
    SALES_WITHOUT_STOCK = "nostock", _("Sales recorded without any stock movement")
    NEGATIVE_CASH = "cash", _("Cash below zero at the end of a month")
    DRAWS_ABOVE_PROFIT = "draws", _("More money taken home than the business made")


class SuggestionRule(TranslatableMixin, models.Model):
    """A rule that suggests a refresher lesson from what the owner's book shows, with the
    reason the learner reads. Written in Portuguese and translated with wagtail-localize."""

    condition = models.CharField(
        _("when the book shows"), max_length=10, choices=SuggestionCondition.choices
    )
    months = models.PositiveSmallIntegerField(
        _("months running"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("How many months in a row the book must show it (1 to 6)."),
    )
    lesson = models.ForeignKey(
        "curriculum.SessionPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("refresher lesson"),
    )
    reason = models.CharField(
        _("reason shown to the learner"),
        max_length=MAX_REASON,
        help_text=_("Say what the book shows and why the lesson helps, in a sentence or two."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("condition"),
        FieldPanel("months"),
        FieldPanel("lesson"),
        FieldPanel("reason"),
        FieldPanel("active"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lesson suggestion rule")
        verbose_name_plural = _("lesson suggestion rules")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} → {self.lesson}"

    def clean(self) -> None:
        from curriculum.api import session_is_refresher

        if self.lesson_id and not session_is_refresher(session=self.lesson):
            raise ValidationError({"lesson": _("Choose a lesson from a refresher module.")})
