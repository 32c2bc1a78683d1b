"""The demo's business books: Ana (pt-BR learner in the demo group) sells sweets in Brazil,
mentored by the demo facilitator; Rosa (es learner) keeps a corner shop in Chile. Four months
of entries each, drawn from a fixed seed so every demo shows the same book, and the lesson
suggestion rules in both languages pointing at the demo's refresher lessons. Idempotent: a
book that exists is left as it is."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from curriculum.models import SessionPage
from lms.accounts.consent import consent_record
from lms.accounts.models import ConsentRecord, User

from .mentoring import mentor_choices, mentoring_start
from .models import Business, Product, SuggestionCondition, SuggestionRule
from .services import business_create, entry_record, month_shift, month_start

# (condition, months running, refresher title in pt-BR, in es, reason in pt-BR, in es)
RULES = [
    (
        SuggestionCondition.HOUSEHOLD_IN_EXPENSES,
        1,
        "Dinheiro do negócio, dinheiro de casa: pague a si mesmo um salário",
        "Plata del negocio, plata de la casa: páguese un sueldo",
        "Neste mês você anotou gastos da casa como despesas do negócio. Separar os dois "
        "dinheiros mostra quanto o negócio lucra de verdade.",
        "Este mes anotaste gastos de la casa como gastos del negocio. Separar las dos platas "
        "muestra cuánto gana de verdad el negocio.",
    ),
    (
        SuggestionCondition.EXPENSES_ABOVE_SALES,
        2,
        "Ponto de equilíbrio: quanto vender para não ter prejuízo",
        "Punto de equilibrio: cuánto vender para no perder",
        "Nos dois últimos meses, despesas e custos passaram das vendas. Veja quanto você "
        "precisa vender para cobrir os gastos.",
        "En los dos últimos meses, los gastos y costos superaron las ventas. Revisa cuánto "
        "necesitas vender para cubrirlos.",
    ),
    (
        SuggestionCondition.SALES_WITHOUT_STOCK,
        1,
        "Custos e preço: custos diretos, custos fixos, margem e markup",
        "Costos y precios: costos directos, costos fijos, margen y markup",
        "Você anota vendas, mas nenhuma sai do estoque de um produto: sem o custo de cada "
        "produto, fica difícil saber se o preço cobre os custos.",
        "Anotas ventas, pero ninguna descuenta stock de un producto: sin el costo de cada "
        "producto es difícil saber si el precio cubre los costos.",
    ),
    (
        SuggestionCondition.NEGATIVE_CASH,
        1,
        "Fluxo de caixa: o dinheiro que entra, o que sai e quando",
        "Flujo de caja: la plata que entra, la que sale y cuándo",
        "No fim do mês passado o caixa ficou negativo. Planejar entradas e saídas evita "
        "faltar dinheiro.",
        "Al cierre del mes pasado la caja quedó negativa. Planificar entradas y salidas evita "
        "quedarse sin plata.",
    ),
]


def _session(title: str, language: str) -> SessionPage | None:
    return SessionPage.objects.filter(title=title, locale__language_code=language).first()


def demo_rules_create() -> int:
    """The rules in pt-BR with their es translations (same translation key)."""
    created = 0
    portuguese = Locale.objects.filter(language_code="pt-br").first()
    spanish = Locale.objects.filter(language_code="es").first()
    if portuguese is None or spanish is None:
        return 0
    for condition, months, title_pt, title_es, reason_pt, reason_es in RULES:
        lesson_pt, lesson_es = _session(title_pt, "pt-br"), _session(title_es, "es")
        if lesson_pt is None or lesson_es is None:
            continue
        if SuggestionRule.objects.filter(condition=condition, locale=portuguese).exists():
            continue
        key = uuid.uuid4()
        for locale, lesson, reason in (
            (portuguese, lesson_pt, reason_pt),
            (spanish, lesson_es, reason_es),
        ):
            SuggestionRule.objects.create(
                translation_key=key, locale=locale, condition=condition, months=months,
                lesson=lesson, reason=reason,
            )  # fmt: skip
        created += 1
    return created


def _book(
    business: Business,
    *,
    products: list[tuple[str, int, int, int]],
    daily: tuple[int, int],
    expenses: list[tuple[str, int]],
    rng: random.Random,
    household_now: bool,
) -> None:
    made = [
        Product.objects.create(
            business=business, name=name, unit_cost=cost, unit_price=price, stock=stock,
            low_stock_at=max(stock // 5, 1),
        )
        for name, cost, price, stock in products
    ]  # fmt: skip
    today = timezone.localdate()
    first = month_shift(month_start(today), -3)
    # The money the owner started with: the cash at each month's end counts from it.
    entry_record(
        business=business, kind="injection", amount=daily[1] * 15, occurred_on=first,
        category="savings", note="caixa inicial" if business.country == "BR" else "caja inicial",
    )  # fmt: skip
    day = first
    sale = "meals" if business.sector == "food" else "goods"
    buy = "ingredients" if business.sector == "food" else "stock"
    while day <= today:
        if day.weekday() < 6:  # open six days a week: one line per day, as a notebook
            product = rng.choice(made)
            if day.day % 2:
                quantity = rng.randint(2, 6)
                entry_record(
                    business=business, kind="sale", amount=product.unit_price * quantity,
                    occurred_on=day, category=sale, product=product, quantity=quantity,
                )  # fmt: skip
            else:
                entry_record(
                    business=business, kind="sale", amount=rng.randint(*daily),
                    occurred_on=day, category=sale,
                )  # fmt: skip
        if day.day == 5:
            for category, amount in expenses:
                entry_record(
                    business=business,
                    kind="expense",
                    amount=amount,
                    occurred_on=day,
                    category=category,
                )
            for product in made:
                product.refresh_from_db()
                restock = max(0, 40 - product.stock)
                if restock:
                    entry_record(
                        business=business, kind="purchase", amount=product.unit_cost * restock,
                        occurred_on=day, category=buy, product=product, quantity=restock,
                    )  # fmt: skip
        if day.weekday() == 0:
            entry_record(
                business=business, kind="purchase", amount=rng.randint(*daily) // 2,
                occurred_on=day, category=buy, note="feira",
            )  # fmt: skip
        if day.day == 28:
            entry_record(
                business=business, kind="draw", amount=rng.randint(*daily) * 8, occurred_on=day,
                category="take_home",
            )  # fmt: skip
        day += timedelta(days=1)
    if household_now:
        entry_record(
            business=business, kind="expense", amount=daily[0] * 3, occurred_on=today,
            category="household", note="mercado da semana",
        )  # fmt: skip


@transaction.atomic
def demo_books_create() -> list[str]:
    """The demo books that do not exist yet; returns the business names created."""
    created = []
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    ana = User.objects.filter(username="learner").first()
    if ana is not None and not Business.objects.filter(owner=ana).exists():
        business = business_create(owner=ana, name="Doces da Ana", sector="food", country="BR")
        _book(
            business,
            products=[("Brigadeiro (cento)", 4500, 9000, 30), ("Bolo de pote", 450, 1000, 40)],
            daily=(2500, 9000),
            expenses=[("rent", 35000), ("utilities", 12000), ("packaging", 6000)],
            rng=rng,
            household_now=True,
        )
        # Ana lets the programme count her book's sales in its results.
        consent_record(person=ana, kind=ConsentRecord.Kind.BOOK_SALES, recorded_by=ana)
        mentor = mentor_choices(owner=ana).filter(username="facilitator").first()
        if mentor is not None:
            mentoring_start(business=business, mentor=mentor)
        created.append(business.name)
    rosa = User.objects.filter(username="aprendiz").first()
    if rosa is not None and not Business.objects.filter(owner=rosa).exists():
        business = business_create(owner=rosa, name="Almacén Rosa", sector="shop", country="CL")
        _book(
            business,
            products=[("Pan amasado (kg)", 900, 1800, 30), ("Bebida 1,5 L", 1100, 1700, 48)],
            daily=(8000, 30000),
            expenses=[("rent", 150000), ("utilities", 45000), ("transport", 20000)],
            rng=rng,
            household_now=False,
        )
        created.append(business.name)
    return created
