"""The programme results report over 100,000 live participants with 400,000 survey answers
(and 10,000 imported records), on PostgreSQL.

Prints the report's time (the four queries and the tables, median of five runs after one to
warm the caches); asserts nothing about speed. Target: under 1 second on the reference 2-core
machine. Data is written with bulk_create in a few minutes at most; a second run reuses it.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rumo_bench \\
        .venv/bin/python tests/perf/bench_results.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PARTICIPANTS = 100_000
IMPORTED = 10_000
GROUP_SIZE = 25
BATCH = 5_000
WORKFORCE = uuid.UUID("0b0b0b0b-0000-4000-8000-000000000001")
VALUE_CHAIN = uuid.UUID("0b0b0b0b-0000-4000-8000-000000000002")


def setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url or not url.startswith("postgres"):
        sys.exit("Set BENCH_DATABASE_URL to an empty PostgreSQL database of your own.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill() -> None:
    """The programme, 4,000 groups of 25, their participants (profile, status), a baseline
    round with two answers for everyone and a six-month round with four answers for half of
    them (400,000 answers), and 10,000 imported participants."""
    from django.db import transaction

    from lms.accounts.models import User
    from lms.cohorts.models import LearnerGroup
    from lms.participants.models import ParticipantProfile, ParticipantStatus
    from lms.programmes.models import (
        ImportedParticipant,
        Programme,
        ProgrammeCurriculum,
        Target,
    )
    from lms.surveys.models import Answer, Round

    if Programme.objects.filter(slug="bench").exists():
        print("Reusing the benchmark's data.")
        return
    started = time.perf_counter()
    with transaction.atomic():
        programme = Programme.objects.create(name="Bench", slug="bench", country="BR")
        for key, pillar in ((WORKFORCE, "workforce"), (VALUE_CHAIN, "value_chain")):
            ProgrammeCurriculum.objects.create(
                programme=programme, curriculum_key=key, pillar=pillar
            )
            Target.objects.create(
                programme=programme, pillar=pillar, country="BR", indicator="graduated",
                target=Decimal(30_000),
            )  # fmt: skip
        groups = LearnerGroup.objects.bulk_create(
            LearnerGroup(
                name=f"Bench {n}", curriculum_key=WORKFORCE if n % 2 else VALUE_CHAIN,
                country="BR", programme=programme, start_date=date(2026, 1, 5),
                join_code=f"B{n:05d}",
            )
            for n in range(PARTICIPANTS // GROUP_SIZE)
        )  # fmt: skip
    now = date(2026, 6, 1)
    for start in range(0, PARTICIPANTS, BATCH):
        with transaction.atomic():
            people = User.objects.bulk_create(
                User(username=f"bench-{n}", password="!", birth_year=1970 + n % 40)
                for n in range(start, start + BATCH)
            )
            ParticipantProfile.objects.bulk_create(
                ParticipantProfile(
                    person=p, gender=("female", "male", "other", "undisclosed")[n % 4],
                    area="rural" if n % 3 else "urban",
                )
                for n, p in enumerate(people, start)
            )  # fmt: skip
            statuses, rounds = [], []
            for n, person in enumerate(people, start):
                group = groups[n // GROUP_SIZE]
                trained = n % 5 != 0
                statuses.append(
                    ParticipantStatus(
                        person=person, curriculum_key=group.curriculum_key, group=group,
                        trained_at=f"2026-03-{1 + n % 28:02d}T12:00:00Z" if trained else None,
                        graduated_at="2026-05-01T12:00:00Z" if n % 3 == 0 else None,
                    )
                )  # fmt: skip
                rounds.append(
                    Round(person=person, curriculum_key=group.curriculum_key, programme=programme,
                          kind="baseline", due_on=now - timedelta(days=200),
                          completed_at="2025-11-01T12:00:00Z")
                )  # fmt: skip
                if n % 2 == 0:
                    rounds.append(
                        Round(person=person, curriculum_key=group.curriculum_key,
                              programme=programme, kind="m6", due_on=now,
                              completed_at="2026-06-01T12:00:00Z")
                    )  # fmt: skip
            ParticipantStatus.objects.bulk_create(statuses)
            rounds = Round.objects.bulk_create(rounds)
            answers = []
            for survey in rounds:
                seed = survey.person_id
                values = (
                    {"monthly_income": 1000 + seed % 500, "soft_skill_communication": 2 + seed % 2}
                    if survey.kind == "baseline"
                    else {
                        "monthly_income": 1100 + seed % 700,
                        "soft_skill_communication": 3,
                        "monthly_sales": 5000 + seed % 900,
                        "employees_part_time": seed % 3,
                    }
                )
                answers += [
                    Answer(round=survey, question_key=k, number=v) for k, v in values.items()
                ]
            Answer.objects.bulk_create(answers, batch_size=BATCH)
        print(f"  {start + BATCH:,} participants written", flush=True)
    ImportedParticipant.objects.bulk_create(
        ImportedParticipant(
            programme=programme, pillar="workforce", country="BR", external_id=f"I{n}",
            gender="female" if n % 2 else "male", birth_year=1980 + n % 30,
            status=("enrolled", "trained", "graduated", "dropped")[n % 4],
            baseline_income=Decimal(900), followup_income=Decimal(900 + n % 400),
            soft_skills_improved=n % 3 == 0, jobs_supported=Decimal("1.5"),
        )
        for n in range(IMPORTED)
    )  # fmt: skip
    print(f"Written in {time.perf_counter() - started:.0f} s.")


def measure() -> None:
    from django.db import connection
    from django.db.models import Count
    from django.utils import translation

    from lms.programmes.models import Programme
    from lms.reports.results import ReportFilters, results_report
    from lms.reports.tables import report_tables
    from lms.surveys.models import Answer

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    programmes = list(Programme.objects.filter(slug="bench"))
    answers = Answer.objects.filter(round__programme__in=programmes).aggregate(n=Count("pk"))["n"]
    times = []
    for _run in range(6):
        started = time.perf_counter()
        with translation.override("pt-br"):
            report = results_report(programmes=programmes, filters=ReportFilters())
            tables = report_tables(report)
        times.append(time.perf_counter() - started)
    everyone = report.by_pillar[-1].tally
    print(f"{everyone.participants:,} participants ({answers:,} survey answers), "
          f"{len(tables[0].rows)} result rows")  # fmt: skip
    print(f"Results report: median {statistics.median(times[1:]) * 1000:.0f} ms, "
          f"best {min(times[1:]) * 1000:.0f} ms (target: under 1,000 ms)")  # fmt: skip


if __name__ == "__main__":
    setup()
    fill()
    measure()
