"""Server CPU time per request for the owner's monthly-results page, for a business with
one year of daily entries and one with five years (about 10,000 entries: sales, some of
products, purchases, expenses, take-home, money put in), on a throwaway SQLite database
(or BENCH_DATABASE_URL).

The entries are written in bulk, then each month's summary is rewritten with
``month_summary_refresh`` (the service every entry write calls): recording five years one
entry at a time through ``entry_record`` would take long and the service refuses dates more
than three years back anyway. The page reads only the month summaries.

Prints, for each book, the median and p90 of ``time.process_time()`` around the test
client's request (100 requests, in a fresh process like a server worker's) and the queries
of one request. Asserts nothing about speed. Target: under 50 ms; queries the same for one
year and five years.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

REQUESTS = 100
PER_DAY = 5.5  # about 10,000 entries in five years


def setup(workdir: Path | None) -> None:
    import tempfile

    workdir = workdir or Path(tempfile.mkdtemp(prefix="rumo-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["BENCH_WORKDIR"] = str(workdir)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def book_fill(*, username: str, years: int) -> tuple[int, int]:
    """A business with ``years`` of daily entries; returns (owner id, entries written)."""
    from django.utils import timezone

    from lms.accounts.models import User
    from lms.business.models import Entry, Product
    from lms.business.services import business_create, month_start, month_summary_refresh

    owner = User.objects.create_user(username, password="bench-password-123", country="BR")
    business = business_create(owner=owner, name=f"Bench {years}", sector="food", country="BR")
    products = [
        Product.objects.create(
            business=business, name=f"Produto {n}", unit_cost=300 + n * 50, unit_price=700 + n * 90
        )
        for n in range(5)
    ]
    today = timezone.localdate()
    entries = []
    days = years * 365
    for d in range(days):
        day = today - timedelta(days=d)
        for n in range(5 + (d % 2)):  # 5 or 6 a day: 5.5 on average
            i = d * 7 + n
            if n < 3:  # sales, every other one of a product
                product = products[i % 5] if n % 2 == 0 else None
                quantity = 1 + i % 4 if product else None
                entries.append(
                    Entry(
                        business=business,
                        kind="sale",
                        amount=(product.unit_price * quantity) if product else 1500 + i % 900,
                        occurred_on=day,
                        category="goods" if product else "meals",
                        product=product,
                        quantity=quantity,
                        cost_of_goods=(product.unit_cost * quantity) if product else 0,
                    )
                )
            elif n == 3:
                entries.append(
                    Entry(
                        business=business,
                        kind="purchase",
                        amount=2000 + i % 700,
                        occurred_on=day,
                        category="ingredients",
                    )
                )
            elif n == 4:
                entries.append(
                    Entry(
                        business=business,
                        kind="expense",
                        amount=800 + i % 300,
                        occurred_on=day,
                        category="utilities",
                    )
                )
            else:
                kind, category = ("draw", "take_home") if d % 4 == 1 else ("injection", "savings")
                entries.append(
                    Entry(
                        business=business,
                        kind=kind,
                        amount=1000,
                        occurred_on=day,
                        category=category,
                    )
                )
    Entry.objects.bulk_create(entries, batch_size=2000)
    months = {month_start(today - timedelta(days=d)) for d in range(days)}
    for month in months:
        month_summary_refresh(business=business, month=month)
    return owner.pk, len(entries)


def measure(owners: list[tuple[str, int]]) -> None:
    from django.db import connection
    from django.test import Client

    from lms.accounts.models import User

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"monthly results page, server CPU per request on {connection.vendor}, "
        f"{REQUESTS} requests each (load average {load}):"
    )
    print(f"  {'':<28} {'median':>9} {'p90':>9} {'queries':>8}")
    for label, owner_id in owners:
        client = Client()
        client.force_login(User.objects.get(pk=owner_id))
        url = "/pt-br/learn/book/results/"
        gc.collect()
        for _ in range(10):
            assert client.get(url).status_code == 200
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *args, queries=queries: queries.append(sql) or execute(sql, *args)
        ):
            client.get(url)
        samples = []
        for _ in range(REQUESTS):
            start = time.process_time()
            response = client.get(url)
            samples.append(time.process_time() - start)
            assert response.status_code == 200
        samples.sort()
        median = statistics.median(samples) * 1000
        p90 = samples[int(len(samples) * 0.9)] * 1000
        print(f"  {label:<28} {median:6.2f} ms {p90:6.2f} ms {len(queries):8d}")


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        setup(Path(os.environ["BENCH_WORKDIR"]))
        pairs = sys.argv[2:]
        measure([(pairs[i], int(pairs[i + 1])) for i in range(0, len(pairs), 2)])
        return
    setup(None)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    one_id, one = book_fill(username="bench-one-year", years=1)
    five_id, five = book_fill(username="bench-five-years", years=5)
    print(f"written: {one} entries (1 year), {five} entries (5 years)")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            f"1 year ({one} entries)",
            str(one_id),
            f"5 years ({five} entries)",
            str(five_id),
        ],
        check=True,
        env=os.environ,
    )


if __name__ == "__main__":
    main()
