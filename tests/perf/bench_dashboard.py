"""Server CPU time per request for a facilitator's group dashboard: 25 learners × 24 sessions
with attendance, self-paced progress and quiz attempts (three per learner and session, with
answers), beside /ping, on a throwaway SQLite database seeded with the demo curriculum.

Prints figures; asserts nothing about speed. Target: at most 20 ms per dashboard request on
the reference 2-core machine.

The requests are measured in a fresh process, like a server worker's, not in the process
that seeded the database and still holds what seeding left in memory.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.bench_session_page import cpu_per_request, figures_print

LEARNERS = 25


def setup() -> None:
    import os
    import tempfile

    workdir = Path(tempfile.mkdtemp(prefix="rumo-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    # BENCH_DATABASE_URL: an empty database to measure the production path (PostgreSQL),
    # where the database's own CPU time is spent in its server, not in this process.
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_curricula", no_video=True, verbosity=0)


def group_fill():
    """The group on the demo's personal-effectiveness curriculum."""
    from curriculum.models import CurriculumPage

    curriculum = CurriculumPage.objects.get(kind="personal", locale__language_code="pt-br")
    return busy_group_fill(curriculum_key=curriculum.translation_key)


def busy_group_fill(*, curriculum_key):
    """A group of 25 on the curriculum and its records, written in bulk (as months of use
    would leave them). Also used by the dashboard's page-weight test."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from curriculum import api as curriculum_api
    from lms.accounts.models import User
    from lms.cohorts.models import AttendanceRecord, Membership
    from lms.cohorts.services import group_create, schedule_generate
    from lms.core.roles import Role
    from lms.progress.models import SessionProgress
    from tests.lms.cohorts.factories import attempts_bulk_add

    outline = curriculum_api.curriculum_outline(curriculum_key=curriculum_key, language="pt-br")
    sessions = [s for m in outline.modules for s in m.sessions]
    facilitator = User.objects.create_user("bench-facilitator", password="bench-password-123")
    # The facilitator role as well as the assignment: both are needed to see the group.
    facilitator.groups.add(Group.objects.get_or_create(name=Role.FACILITATOR.value)[0])
    group = group_create(
        name="Bench",
        curriculum_key=curriculum_key,
        facilitators=[facilitator],
        created_by=facilitator,
        start_date=timezone.localdate(),
    )
    schedule = schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for s in sessions],
        first_date=timezone.localdate() - timedelta(days=len(sessions) // 2),
        weekdays=list(range(7)),
    )
    people = User.objects.bulk_create(
        User(username=f"bench-{n}", first_name=f"Pessoa {n}") for n in range(LEARNERS)
    )
    Membership.objects.bulk_create(Membership(group=group, learner=p) for p in people)
    today = timezone.localdate()
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(scheduled=s, learner=p, status=("present", "late", "absent")[n % 3])
        for n, p in enumerate(people)
        for s in schedule
        if s.date <= today
    )
    now = timezone.now()
    SessionProgress.objects.bulk_create(  # a few learners idle for weeks: flags show
        SessionProgress(
            learner=p,
            session_key=s.key,
            curriculum_key=outline.key,
            progress=1.0 if m < n % 20 else 0.5,
            completed_at=now if m < n % 20 else None,
            last_visited_at=now - timedelta(days=n),
            last_activity_at=now - timedelta(days=n),
        )
        for n, p in enumerate(people)
        for m, s in enumerate(sessions)
    )
    attempts_bulk_add(people, [s.key for s in sessions], tries=3, questions=5, first_right=2)
    return group, facilitator


def measure(group_id: int, facilitator_id: int) -> None:
    """In a fresh process: the dashboard and /ping, against the database ``main`` filled."""
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from lms.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=facilitator_id))
    with translation.override("pt-br"):
        url = reverse("facilitation:group", args=[group_id])
    figures = {
        "bare page (/ping)": cpu_per_request(client, "/ping"),
        f"group dashboard, {LEARNERS} learners × 24 sessions": cpu_per_request(client, url),
    }
    figures_print(figures)
    import gzip

    html = client.get(url).content
    size = len(gzip.compress(html, compresslevel=6))
    print(f"  dashboard HTML: {len(html) / 1024:.1f} KiB, {size / 1024:.1f} KiB gzipped")


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        measure(int(sys.argv[2]), int(sys.argv[3]))
        return
    setup()  # sets DJANGO_SETTINGS_MODULE and DATABASE_URL, which the measuring process inherits
    from django.db import connection

    group, facilitator = group_fill()
    connection.close()
    subprocess.run(
        [sys.executable, __file__, "--measure", str(group.pk), str(facilitator.pk)], check=True
    )


if __name__ == "__main__":
    main()
