"""Server CPU time per request for a learner's session page, beside a bare page served by the
same Django stack (/ping), on a throwaway SQLite database seeded with demo content.

Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def setup() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="rumo-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_curricula", limit=4, no_video=True, verbosity=0)


def cpu_per_request(client, url: str) -> list[float]:
    # What seeding left in reference cycles is collected first, so that the collector's
    # passes over it are not counted as the requests' time (a server worker never holds it).
    gc.collect()
    for _ in range(10):  # warm-up: caches, template loading
        assert client.get(url).status_code == 200
    samples = []
    for _ in range(REQUESTS):
        start = time.process_time()
        response = client.get(url)
        samples.append(time.process_time() - start)
        assert response.status_code == 200
    return samples


def main() -> None:
    setup()
    from django.test import Client

    from curriculum.models import SessionPage
    from lms.accounts.models import User

    learner = User.objects.create_user("bench-learner", password="bench-password-123")
    client = Client()
    client.force_login(learner)
    session = (
        SessionPage.objects.live().filter(locale__language_code="pt-br").order_by("path").last()
    )
    figures = {
        "bare page (/ping)": cpu_per_request(client, "/ping"),
        f"session page ({session.url})": cpu_per_request(client, session.url),
    }
    figures_print(figures)


def figures_print(figures: dict[str, list[float]]) -> None:
    from django.db import connection

    print(
        f"server CPU time per request on {connection.vendor}, {REQUESTS} requests each "
        "(median / p90):"
    )
    for name, samples in figures.items():
        samples.sort()
        median = statistics.median(samples) * 1000
        p90 = samples[int(len(samples) * 0.9)] * 1000
        print(f"  {name[:60]:<60} {median:7.2f} ms / {p90:7.2f} ms")


if __name__ == "__main__":
    main()
