"""Load run: N simulated learners against gunicorn + PostgreSQL + Redis on this machine.

    .venv/bin/pip install -e '.[postgres,perf]'
    LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rumo_load \\
    LOAD_REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python tests/perf/load_learners.py --users 25,100,250 --duration 90

1. Prepares the database (an empty one of your own, or one this script prepared before):
   migrate, the demo seed (two sessions per curriculum), and ``load-NNNN`` learner accounts
   in classes of 25 enrolled in the demo curriculum.
2. For each number of learners: empties those learners' records, starts gunicorn with the
   project's ``lms/deploy/gunicorn.conf.py`` and production settings (Redis cache and broker,
   compression, DEBUG off) on 127.0.0.1, and runs locust headless (``locustfile.py``) for
   until the class is in and then ``--duration`` seconds more. The learners arrive over
   ``--ramp`` seconds, all from one address (as a class behind a school's NAT), log in and
   walk the lesson with ``--think`` seconds between steps (default 1-2).
3. Prints, for the class arriving (until the last learner is in) and for the class at work
   (the ``--duration`` seconds after), requests/s, p50/p95/p99 per endpoint, errors, and the
   CPU time per request of each process group on the machine (gunicorn, PostgreSQL, Redis,
   locust itself); then the load average and the bookkeeping: stored visits, quiz attempts
   and progress rows against the requests that were acknowledged, as "lost" and "doubled"
   (both must be 0). The target is read on the class at work: a class logs in once at the
   start of a 3.5-hour session (each login costs about a quarter of a second of CPU, the
   password hash), and works for the rest of it.

Loopback only: the database, Redis and the server must be on 127.0.0.0/8. Bounded: each run
stops after its duration (plus at most 30 s for learners to finish their current step), or
``--ramp`` + ``--duration`` + 120 s after it began if the class never gets in.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CLASS_SIZE = 25
PASSWORD = "load-learner-2026"  # throwaway accounts in a throwaway database
CLIENT_ADDRESS = "203.0.113.10"  # TEST-NET-3: the school's one NAT address
STOP_TIMEOUT = 30
ARRIVAL_GRACE = 120  # seconds after the ramp for the last learner to get in

from tests.perf.load_ledger import Stored, ledger_compare, ledger_lines  # noqa: E402


def _loopback(url: str, what: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        sys.exit(f"{what} must be on this machine (127.0.0.0/8 or localhost), not {host!r}")
    return url


def server_environment(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """Production settings as the README's recipe sets them, less TLS (plain loopback HTTP)
    and with the client address read from X-Real-IP (as set by a proxy in front)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        RUMO_CLIENT_IP_HEADER="X-Real-IP",
        DATABASE_URL=args.database_url,
        CACHE_URL=args.redis_url,
        CELERY_BROKER_URL=args.redis_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def prepare(env: dict[str, str], workdir: Path, learners: int) -> dict:
    """Migrate, seed (once), make the learner accounts; returns the locust plan."""
    started = time.monotonic()
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "compile_catalogues", "--verbosity", "0")
    if not (workdir / "static" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.update(env)
    import django

    django.setup()
    from lms.cohorts.models import LearnerGroup
    from lms.facilitation.services_demo import DEMO_GROUP_NAME

    if not LearnerGroup.objects.filter(name=DEMO_GROUP_NAME).exists():
        manage(env, "seed_demo", "--limit", "2")
    plan = accounts_prepare(learners=learners)
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)
    return plan


def accounts_prepare(*, learners: int) -> dict:
    """``load-0001`` ... in classes of 25 (one group each) in the demo group's curriculum."""
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse
    from django.utils import translation

    from curriculum import api as curriculum_api
    from lms.accounts.models import User
    from lms.accounts.services import roles_setup
    from lms.cohorts.joining import membership_join
    from lms.cohorts.models import LearnerGroup
    from lms.cohorts.services import group_create
    from lms.core.roles import Role
    from lms.facilitation.services_demo import DEMO_GROUP_NAME

    demo = LearnerGroup.objects.get(name=DEMO_GROUP_NAME)
    learner_role = roles_setup()[Role.LEARNER]
    names = [f"load-{n:04d}" for n in range(1, learners + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    hashed = make_password(PASSWORD)  # once: each account's own hash would take minutes
    User.objects.bulk_create(
        User(username=name, password=hashed, preferred_language="pt-br")
        for name in names
        if name not in existing
    )
    users = list(User.objects.filter(username__in=names).order_by("username"))
    learner_role.user_set.add(*users)
    for start in range(0, len(users), CLASS_SIZE):
        name = f"Turma de carga {start // CLASS_SIZE + 1}"
        group = LearnerGroup.objects.filter(name=name).first() or group_create(
            name=name,
            curriculum_key=demo.curriculum_key,
            facilitators=demo.facilitators.all(),
            created_by=None,
            start_date=demo.start_date,
            capacity=CLASS_SIZE,
        )
        for user in users[start : start + CLASS_SIZE]:
            membership_join(group=group, learner=user)

    sessions = []
    outlines = curriculum_api.session_outlines(curriculum_key=demo.curriculum_key, language="pt-br")
    for outline in outlines:
        page = curriculum_api.session_live(page_id=outline.page_id)
        video = next((b for b in outline.tracked if b.kind == "video"), None)
        quiz_ref = next((b for b in outline.tracked if b.kind == "quiz"), None)
        if page is None or video is None or quiz_ref is None:
            continue
        quiz = curriculum_api.session_quiz(session=page, block_id=quiz_ref.id)
        with translation.override("pt-br"):
            progress_url = reverse("learner:progress", args=[page.pk])
            quiz_url = reverse("learner:quiz_submit", args=[page.pk, quiz.block_id])
        sessions.append(
            {
                "key": str(outline.key),
                "url": page.url,
                "progress_url": progress_url,
                "quiz_url": quiz_url,
                "video_block": video.id,
                "video_seconds": 300,
                "quiz_block": quiz.block_id,
                "required": [b.id for b in outline.required],
                "questions": [_question_plan(q) for q in quiz.questions],
            }
        )
    if not sessions:
        sys.exit("the demo curriculum has no session with a video and a quiz")
    with translation.override("pt-br"):
        login_url, path_url = reverse("account_login"), reverse("learner:path")
    return {
        "accounts": names,
        "password": PASSWORD,
        "login_url": login_url,
        "path_url": path_url,
        "sessions": sessions,
    }


def _question_plan(question) -> dict:
    if question.is_numeric:
        right = format(question.answer, "f").replace(".", ",")
        return {"id": question.id, "right": [right], "wrong": ["1000000"]}
    right = [o.id for o in question.options if o.correct]
    wrong = [o.id for o in question.options if not o.correct][:1] or right
    return {"id": question.id, "right": right, "wrong": wrong}


def records_clear(accounts: list[str]) -> None:
    """The simulated learners start each run with no visits, progress or attempts."""
    from lms.progress.models import BlockProgress, SessionProgress, SessionVisit
    from lms.quizzes.models import QuizAttempt, QuizResult

    for model in (QuizResult, QuizAttempt, BlockProgress, SessionProgress, SessionVisit):
        model.objects.filter(learner__username__in=accounts).delete()


def records_stored(accounts: list[str], sessions: list[dict]) -> Stored:
    from django.db.models import Count

    from lms.progress.models import BlockProgress, SessionProgress, SessionVisit
    from lms.quizzes.models import QuizAttempt, QuizResult

    mine = {"learner__username__in": accounts}
    stored = Stored()
    for row in (
        SessionVisit.objects.filter(**mine).values("learner__username").annotate(n=Count("pk"))
    ):
        stored.visits[row["learner__username"]] = row["n"]
    stored.attempts = [
        (name, str(token))
        for name, token in QuizAttempt.objects.filter(**mine).values_list(
            "learner__username", "token"
        )
    ]
    stored.progress = list(
        BlockProgress.objects.filter(**mine).values_list(
            "learner__username", "block_id", "progress"
        )
    )
    stored.quiz_results = {
        (name, block): attempts
        for name, block, attempts in QuizResult.objects.filter(**mine).values_list(
            "learner__username", "block_id", "attempts"
        )
    }
    for name, block in QuizAttempt.objects.filter(**mine).values_list(
        "learner__username", "block_id"
    ):
        stored.attempts_per_quiz[(name, block)] += 1
    for name, key, done in SessionProgress.objects.filter(**mine).values_list(
        "learner__username", "session_key", "completed_blocks"
    ):
        stored.session_summaries[(name, str(key))] = done
    for session in sessions:
        for name in BlockProgress.objects.filter(
            **mine,
            session_key=session["key"],
            block_id__in=session["required"],
            completed_at__isnull=False,
        ).values_list("learner__username", flat=True):
            stored.completed_required[(name, session["key"])] += 1
    return stored


def server_start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    out = log.open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "lms/deploy/gunicorn.conf.py", "lms.wsgi"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server_stop(server)
    sys.exit(f"gunicorn did not answer within 120 s; see {log}")


def _cpu(process) -> float:
    """The process's CPU seconds and those of its children that have exited and been reaped:
    a gunicorn worker recycled after ``max_requests``, a PostgreSQL backend whose connection
    closed. (A live child is counted as itself, so nothing is counted twice.)"""
    import psutil  # comes with locust

    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system + times.children_user + times.children_system


def cpu_seconds(server: subprocess.Popen, generator: subprocess.Popen | None) -> dict[str, float]:
    """CPU seconds used so far by each group of processes on this machine: gunicorn (master
    and workers), PostgreSQL and Redis (their servers here, whoever they serve), and locust."""
    import psutil

    groups = {"gunicorn": 0.0, "PostgreSQL": 0.0, "Redis": 0.0, "locust": 0.0}
    try:
        parent = psutil.Process(server.pid)
        groups["gunicorn"] = sum(_cpu(p) for p in [parent, *parent.children(recursive=True)])
    except psutil.Error:
        pass
    if generator is not None:
        try:
            parent = psutil.Process(generator.pid)
            groups["locust"] = sum(_cpu(p) for p in [parent, *parent.children(recursive=True)])
        except psutil.Error:
            pass
    for process in psutil.process_iter(["name"]):
        name = process.info["name"] or ""
        if name.startswith(("postgres", "postmaster")):
            groups["PostgreSQL"] += _cpu(process)
        elif name.startswith("redis-server"):
            groups["Redis"] += _cpu(process)
    return groups


def server_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class LocustRun:
    """Locust headless in the background; the CPU of every process group is read when it
    starts, when the class is in (the mark the locustfile writes) and when it ends."""

    def __init__(self, *, plan: dict, users: int, args: argparse.Namespace, prefix: Path):
        self.journal = prefix.with_suffix(".journal.jsonl")
        self.arrival = prefix.with_suffix(".arrival.json")
        self.mark = prefix.with_suffix(".mark")
        for path in (self.journal, self.arrival, self.mark):
            path.unlink(missing_ok=True)
        self.log = prefix.with_suffix(".locust.log").open("w")
        env = dict(os.environ)
        env.update(
            LOAD_PLAN=json.dumps({**plan, "accounts": plan["accounts"][:users]}),
            LOAD_JOURNAL=str(self.journal),
            LOAD_CLIENT_ADDRESS=CLIENT_ADDRESS,
            LOAD_THINK=f"{args.think[0]},{args.think[1]}",
            LOAD_USERS=str(users),
            LOAD_WINDOW=str(args.duration),
            LOAD_ARRIVAL=str(self.arrival),
            LOAD_MARK=str(self.mark),
        )
        spawn_rate = max(users / max(args.ramp, 1), 0.5)
        self.children_before = _children_cpu()
        bound = args.ramp + args.duration + ARRIVAL_GRACE
        self.process = subprocess.Popen(
            [
                str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
                "--users", str(users), "--spawn-rate", f"{spawn_rate:.2f}",
                "--run-time", f"{bound}s", "--stop-timeout", str(STOP_TIMEOUT),
                "--host", f"http://127.0.0.1:{args.port}", "--json-file", str(prefix),
                "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
            ],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait(self, server: subprocess.Popen) -> tuple[dict, dict | None, dict, tuple]:
        """CPU seconds at the start, at the mark (None if the class never got in) and at the
        end, and the load average at the mark and at the end."""
        start = cpu_seconds(server, self.process)
        at_mark = None
        load_mark = os.getloadavg()[0]
        while self.process.poll() is None:
            if at_mark is None and self.mark.exists():
                at_mark = cpu_seconds(server, self.process)
                load_mark = os.getloadavg()[0]
            time.sleep(0.2)
        # locust has exited: its whole CPU time is what the kernel counts for finished
        # children since it started.
        end = cpu_seconds(server, None)
        end["locust"] = _children_cpu() - self.children_before
        start["locust"] = 0.0
        if self.process.returncode:
            sys.exit(f"locust failed ({self.process.returncode}); see {self.log.name}")
        return start, at_mark, end, (load_mark, os.getloadavg()[0])


def percentile(times: dict[str, int], share: float) -> int:
    """The response time (ms) below which ``share`` of the requests fall, from locust's
    histogram (exact below 100 ms, then rounded to 10 ms and 100 ms)."""
    histogram = sorted((int(float(ms)), n) for ms, n in times.items())
    wanted = share * sum(n for _ms, n in histogram)
    seen = 0
    for ms, n in histogram:
        seen += n
        if seen >= wanted:
            return ms
    return histogram[-1][0] if histogram else 0


def figures_print(entries: list[dict], cpu: dict[str, float]) -> tuple[int, float, int]:
    """Print the per-endpoint table of one phase and the CPU time per request of each process
    group; returns the number of failed requests, the requests per second and the p95 (ms)
    of all requests. Rates are over the time from the phase's start to its last request."""
    seconds = max(
        max((e["last_request_timestamp"] or 0 for e in entries), default=0)
        - min((e["start_time"] for e in entries), default=0),
        1e-3,
    )
    print(
        f"  {'endpoint':<26} {'requests':>8} {'errors':>6} {'req/s':>6} "
        f"{'p50':>6} {'p95':>6} {'p99':>6}  (ms)"
    )
    merged: dict[str, int] = {}
    count = failed = 0
    for entry in sorted(entries, key=lambda e: e["name"]):
        times = entry["response_times"]
        for ms, n in times.items():
            merged[ms] = merged.get(ms, 0) + n
        count += entry["num_requests"]
        failed += entry["num_failures"]
        print(
            f"  {entry['name']:<26} {entry['num_requests']:>8} {entry['num_failures']:>6} "
            f"{entry['num_requests'] / seconds:>6.1f} {percentile(times, 0.5):>6} "
            f"{percentile(times, 0.95):>6} {percentile(times, 0.99):>6}"
        )
    print(
        f"  {'all':<26} {count:>8} {failed:>6} {count / seconds:>6.1f} "
        f"{percentile(merged, 0.5):>6} {percentile(merged, 0.95):>6} "
        f"{percentile(merged, 0.99):>6}   over {seconds:.0f} s"
    )
    if count:
        parts = ", ".join(f"{name} {used * 1000 / count:.1f}" for name, used in cpu.items())
        total = sum(cpu.values())
        print(
            f"  CPU per request (ms): {parts}; all {total * 1000 / count:.1f} "
            f"({total / seconds:.2f} of {os.cpu_count()} cores busy)"
        )
    return failed, count / seconds, percentile(merged, 0.95)


# The target: at 100 learners, at least 100 requests a second with p95 under 500 ms.
TARGET_USERS, TARGET_RATE, TARGET_P95_MS = 100, 100.0, 500


def target_print(*, users: int, rate: float, p95: int, think: tuple[float, float]) -> None:
    """Say whether the run reached the target, and whether it could: with think time between
    steps, N learners ask for at most N / mean think time requests a second."""
    if users != TARGET_USERS:
        return
    ceiling = users / max(sum(think) / 2, 0.01)
    reached = rate >= TARGET_RATE and p95 < TARGET_P95_MS
    print(
        f"  target ({TARGET_USERS} learners, >= {TARGET_RATE:.0f} requests/s with p95 < "
        f"{TARGET_P95_MS} ms): {'reached' if reached else 'NOT reached'} ({rate:.1f} "
        f"requests/s, p95 {p95} ms; this think time allows at most {ceiling:.0f} requests/s"
        f"{', below the target: shorten --think' if ceiling < TARGET_RATE else ''})"
    )


def login_summary(journal: list[dict], users: int) -> None:
    logins = [e for e in journal if e["kind"] == "login"]
    done = [e for e in logins if e["ok"]]
    if not logins:
        return
    first = min(e["started"] for e in logins)
    last = max((e["ended"] for e in done), default=first)
    refused = sum(1 for e in logins if e["ok"] is False and not e.get("mistyped"))
    mistyped = sum(1 for e in logins if e.get("mistyped"))
    waiting = sum(1 for e in logins if e["ok"] is None)
    print(
        f"  log-in (the whole class on one address): {len({e['learner'] for e in done})} of "
        f"{users} learners in, the last {last - first:.0f} s after the first began; "
        f"{mistyped} mistyped passwords, {refused} attempts refused, {waiting} still waiting "
        "at the end"
    )


def _spent(later: dict[str, float], earlier: dict[str, float]) -> dict[str, float]:
    return {name: later[name] - earlier[name] for name in later}


def run(*, users: int, plan: dict, env: dict[str, str], args, workdir: Path) -> tuple[int, int]:
    accounts = plan["accounts"][:users]
    records_clear(accounts)
    prefix = workdir / f"run-{users}"
    server = server_start(env, args.port, workdir / f"gunicorn-{users}.log")
    print(
        f"\n{users} learners arriving over {args.ramp} s, then {args.duration} s at work, "
        f"{args.think[0]:g}-{args.think[1]:g} s think time (so at most about "
        f"{users / max(sum(args.think) / 2, 0.01):.0f} requests/s asked):",
        flush=True,
    )
    load_before = os.getloadavg()[0]
    try:
        generator = LocustRun(plan=plan, users=users, args=args, prefix=prefix)
        start, at_mark, end, (load_mark, load_after) = generator.wait(server)
    finally:
        server_stop(server)
    journal = [json.loads(line) for line in generator.journal.read_text().splitlines()]
    at_work = json.loads(prefix.with_name(prefix.name + ".json").read_text())
    errors = 0
    if at_mark is None:
        print("  the class never got in: the whole run, arrival included")
        errors, rate, p95 = figures_print(at_work, _spent(end, start))
    else:
        print("  the class arriving (until the last learner is in):")
        arrival = json.loads(generator.arrival.read_text())
        errors, _rate, _p95 = figures_print(arrival, _spent(at_mark, start))
        print("  the class at work:")
        failed, rate, p95 = figures_print(at_work, _spent(end, at_mark))
        errors += failed
    print(
        f"  load average (1 min): {load_before:.2f} before, {load_mark:.2f} when the class was "
        f"in, {load_after:.2f} at the end; {os.cpu_count()} cores"
    )
    target_print(users=users, rate=rate, p95=p95, think=args.think)
    for entry in journal:
        if entry["kind"] == "failure":
            print(f"  error: {entry['request']}: {entry['error']} x{entry['count']}")
    login_summary(journal, users)
    ledger = ledger_compare(journal=journal, stored=records_stored(accounts, plan["sessions"]))
    for line in ledger_lines(ledger):
        print(line)
    return errors, ledger.lost + ledger.doubled + ledger.summaries_out_of_step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="25,100,250", help="comma-separated learner counts")
    parser.add_argument(
        "--duration", type=int, default=90, help="seconds at work once the class is in"
    )
    parser.add_argument("--ramp", type=int, default=30, help="seconds for all to arrive")
    parser.add_argument(
        "--think", default="1,2", help="think time between steps, MIN,MAX or MIN-MAX seconds (1,2)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: conf)")
    parser.add_argument(
        "--database-url", default=os.environ.get("LOAD_DATABASE_URL", ""),
        help="an empty PostgreSQL database of your own (LOAD_DATABASE_URL)",
    )  # fmt: skip
    parser.add_argument(
        "--redis-url", default=os.environ.get("LOAD_REDIS_URL", ""),
        help="a Redis database of your own, for the cache and the broker (LOAD_REDIS_URL)",
    )  # fmt: skip
    args = parser.parse_args()
    counts = [int(n) for n in args.users.split(",") if n.strip()]
    try:
        low, high = (float(s) for s in args.think.replace("-", ",").split(","))
    except ValueError:
        parser.error("--think takes two numbers of seconds: MIN,MAX")
    args.think = (low, high)
    if not counts or min(counts) < 1 or args.duration < 1 or not 0 <= low <= high:
        parser.error("--users needs positive numbers, --duration a positive time")
    if not args.database_url.startswith("postgres") or not args.redis_url.startswith("redis"):
        parser.error("give --database-url (PostgreSQL) and --redis-url (Redis)")
    _loopback(args.database_url, "the database")
    _loopback(args.redis_url, "Redis")
    workdir = ROOT / "var" / "load"
    workdir.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(workdir)
    env = server_environment(args, workdir)
    plan = prepare(env, workdir, max(counts))
    failed = 0
    for users in counts:
        errors, bad = run(users=users, plan=plan, env=env, args=args, workdir=workdir)
        failed += errors + bad
    print(f"\n{'held' if not failed else 'NOT held'}: errors, lost and doubled added up: {failed}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
