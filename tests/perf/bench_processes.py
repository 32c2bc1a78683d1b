"""Memory of Rumo's production processes, and what a web worker imports.

    .venv/bin/pip install -e '.[postgres,perf]'
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rumo_bench \\
    BENCH_CACHE_URL=redis://127.0.0.1:6379/12 BENCH_BROKER_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python tests/perf/bench_processes.py

1. Prepares the database as ``load_learners.py`` does (an empty PostgreSQL database of your
   own, or one prepared before): migrate, the demo seed, a few learner accounts.
2. Starts every line of ``lms/deploy/Procfile`` (or ``--procfile``) from the project folder
   with production settings on 127.0.0.1: gunicorn with ``lms/deploy/gunicorn.conf.py``, the
   Celery workers and beat, Redis as cache and broker.
3. Warms each gunicorn worker: as many learners as workers at once, each logs in and asks for
   the home page, My path and a session page ``--rounds`` times; one task goes through each
   Celery queue and back.
4. Prints each process's RSS and PSS (``/proc/<pid>/smaps_rollup``) and their sums; the
   modules a web worker holds after the requests that the request path does not need (each
   worker writes its ``sys.modules`` when it stops); and the project's import time (Django,
   the wsgi application, its URLs: wall and CPU, median of three, then the slowest packages
   of one ``python -X importtime`` run).

PSS divides each shared page among the processes sharing it, so the PSS column adds up to
the memory the stack really takes; RSS counts shared pages once per process. Loopback only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
CONF = ROOT / "lms" / "deploy" / "gunicorn.conf.py"

from tests.perf.load_learners import (  # noqa: E402
    CLIENT_ADDRESS,
    PASSWORD,
    _loopback,
    prepare,
    server_environment,
)

# Packages a web worker does not need to answer learners and facilitators: exports, the
# certificate PDF and its QR code, video conversion, two-step verification by security key
# (Rumo offers authenticator apps only), the load-test kit, Celery's worker side.
NOT_ON_REQUEST_PATH = (
    "openpyxl", "fpdf", "fontTools", "segno", "imageio_ffmpeg", "fido2", "cryptography",
    "qrcode", "locust", "gevent", "boto3", "botocore", "celery.worker", "celery.beat",
    "billiard.pool", "PIL.PdfImagePlugin", "PIL.TiffImagePlugin", "pygments", "yaml",
    "jinja2", "unittest",
)  # fmt: skip


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procfile", default=str(ROOT / "lms" / "deploy" / "Procfile"))
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: conf)")
    parser.add_argument("--rounds", type=int, default=5, help="warm-up rounds per learner")
    parser.add_argument("--settle", type=float, default=3, help="seconds before measuring")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="an empty PostgreSQL database of your own (BENCH_DATABASE_URL)",
    )  # fmt: skip
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_CACHE_URL", ""),
        help="a Redis database of your own for the cache (BENCH_CACHE_URL)",
    )  # fmt: skip
    parser.add_argument(
        "--broker-url", default=os.environ.get("BENCH_BROKER_URL", ""),
        help="another Redis database of your own for Celery (BENCH_BROKER_URL)",
    )  # fmt: skip
    args = parser.parse_args()
    if not args.database_url.startswith("postgres") or not args.redis_url.startswith("redis"):
        parser.error("give --database-url (PostgreSQL), --redis-url and --broker-url (Redis)")
    if not args.broker_url.startswith("redis"):
        parser.error("give --broker-url (Redis)")
    for url, what in ((args.database_url, "the database"), (args.redis_url, "Redis")):
        _loopback(url, what)
    _loopback(args.broker_url, "the broker")
    args.think = (0, 0)
    return args


def procfile_read(path: Path) -> dict[str, str]:
    lines = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and ":" in line:
            name, command = line.split(":", 1)
            lines[name.strip()] = command.strip()
    return lines


def bench_conf(workdir: Path) -> Path:
    """The production gunicorn settings plus one hook: each worker writes the modules it
    holds when it stops (after the measurements)."""
    conf = workdir / "gunicorn.bench.py"
    conf.write_text(
        f"exec(compile(open({str(CONF)!r}).read(), {str(CONF)!r}, 'exec'))\n"
        "_production_worker_exit = globals().get('worker_exit')\n\n"
        "def worker_exit(server, worker):\n"
        "    import sys\n"
        "    if _production_worker_exit:\n"
        "        _production_worker_exit(server, worker)\n"
        f"    with open({str(workdir)!r} + f'/modules-{{worker.pid}}.txt', 'w') as out:\n"
        "        out.write('\\n'.join(sorted(sys.modules)))\n"
    )
    return conf


def processes_start(lines: dict[str, str], env: dict[str, str], workdir: Path) -> dict:
    started = {}
    conf = bench_conf(workdir)
    for name, command in lines.items():
        command = command.replace("lms/deploy/gunicorn.conf.py", str(conf))
        if name == "beat":  # its schedule file goes with the bench's files
            command += f" --schedule {workdir / 'celerybeat-schedule'}"
        started[name] = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=ROOT, env=env, stdout=(workdir / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return started


def processes_stop(started: dict) -> None:
    for process in started.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started.values():
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0])
    return values["Rss"], values["Pss"]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(port: int, started: dict, workdir: Path) -> None:
    import requests

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        for name, process in started.items():
            if process.poll() is not None:
                sys.exit(f"{name} stopped at start; see {workdir / (name + '.log')}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/ping", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer within 180 s")


def learner_walk(*, base: str, plan: dict, account: str, rounds: int) -> int:
    """Log in, then home, My path and a session page ``rounds`` times; returns requests."""
    import requests

    session = requests.Session()
    session.headers["X-Real-IP"] = CLIENT_ADDRESS
    page = session.get(base + plan["login_url"], timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    answer = session.post(
        base + plan["login_url"],
        data={"login": account, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": base + plan["login_url"]},
        timeout=60,
    )
    if "sessionid" not in session.cookies:
        sys.exit(f"{account} could not log in ({answer.status_code})")
    count = 2
    for n in range(rounds):
        lesson = plan["sessions"][n % len(plan["sessions"])]["url"]
        for url in ("/", plan["path_url"], lesson):
            response = session.get(base + url, timeout=60)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
            count += 1
    return count


def workers_warm(*, port: int, plan: dict, workers: list[int], rounds: int) -> int:
    base = f"http://127.0.0.1:{port}"
    accounts = plan["accounts"][: len(workers)]
    with concurrent.futures.ThreadPoolExecutor(len(accounts)) as pool:
        done = pool.map(
            lambda a: learner_walk(base=base, plan=plan, account=a, rounds=rounds), accounts
        )
        return sum(done)


def queues_ping(env: dict[str, str]) -> str:
    answer = subprocess.run(
        [sys.executable, "manage.py", "ping_workers"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    return (answer.stdout + answer.stderr).strip().replace("\n", "; ")


def table_print(started: dict) -> tuple[int, int]:
    print(f"  {'process':<28} {'pid':>7} {'RSS MiB':>8} {'PSS MiB':>8} {'CPU s':>6}")
    total_rss = total_pss = 0
    for name, process in started.items():
        pids = [(name, process.pid)]
        pids += [(f"{name} child", child) for child in children(process.pid)]
        for label, pid in pids:
            try:
                rss, pss = memory(pid)
            except (OSError, KeyError):
                continue
            total_rss += rss
            total_pss += pss
            print(
                f"  {label:<28} {pid:>7} {rss / 1024:>8.1f} {pss / 1024:>8.1f} "
                f"{cpu_seconds(pid):>6.1f}"
            )
    print(f"  {'sum':<28} {'':>7} {total_rss / 1024:>8.1f} {total_pss / 1024:>8.1f}")
    return total_rss, total_pss


IMPORT_PROBE = (
    "import resource, time; t = time.perf_counter(); import django; django.setup(); "
    "from lms.wsgi import application; from django.urls import get_resolver; "
    "get_resolver().url_patterns; import sys; u = resource.getrusage(resource.RUSAGE_SELF); "
    "print(f'{time.perf_counter() - t:.3f} {u.ru_utime + u.ru_stime:.3f} {len(sys.modules)}')"
)


def import_time(env: dict[str, str]) -> None:
    """Wall and CPU time of loading the wsgi application and its URLs (what a worker does
    before its first answer; with ``preload_app`` the master does it once for all), median
    of three; then the slowest packages of one more run under ``-X importtime``. On a busy
    machine the CPU time is the steadier figure."""
    walls, cpus, modules = [], [], 0
    for _ in range(3):
        answer = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall, cpu, count = answer.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
        modules = int(count)
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", IMPORT_PROBE],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    top: dict[str, int] = {}
    for line in report.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match:  # only top-level lines: the name starts right after "| "
            top[match.group(2)] = int(match.group(1))
    slowest = sorted(top.items(), key=lambda item: -item[1])[:8]
    print(
        f"\nimport of the project (django.setup, lms.wsgi, the URLs), median of three: "
        f"{statistics.median(walls):.2f} s wall ({', '.join(f'{w:.2f}' for w in walls)}), "
        f"{statistics.median(cpus):.2f} s CPU; {modules} modules"
    )
    print("  slowest top-level imports (cumulative, -X importtime, one run):")
    for name, micros in slowest:
        print(f"    {micros / 1e6:6.2f} s  {name}")


def modules_report(workdir: Path) -> None:
    files = sorted(workdir.glob("modules-*.txt"))
    if not files:
        print("\nno web worker wrote its modules")
        return
    held = files[0].read_text().split()
    print(f"\nmodules held by a web worker after the requests: {len(held)} ({files[0].name})")
    packages: dict[str, int] = {}
    for name in held:
        packages[name.split(".")[0]] = packages.get(name.split(".")[0], 0) + 1
    biggest = sorted(packages.items(), key=lambda item: -item[1])[:15]
    print("  most modules: " + ", ".join(f"{name} {n}" for name, n in biggest))
    for watched in NOT_ON_REQUEST_PATH:
        count = sum(1 for name in held if name == watched or name.startswith(watched + "."))
        if count:
            print(f"  not needed on the request path, loaded: {watched} ({count} modules)")
    clean = [w for w in NOT_ON_REQUEST_PATH if w not in held]
    print("  not loaded: " + ", ".join(clean))


def main() -> None:
    args = _args()
    workdir = ROOT / "var" / "bench-processes"
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.glob("modules-*.txt"):
        old.unlink()
    tempfile.tempdir = str(workdir)
    env = server_environment(args, workdir)
    env["CELERY_BROKER_URL"] = args.broker_url
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    print(f"load average before: {os.getloadavg()}; {os.cpu_count()} cores", flush=True)
    plan = prepare(env, workdir, max(args.workers or 0, 2 * (os.cpu_count() or 1) + 1))
    lines = procfile_read(Path(args.procfile))
    print("Procfile: " + "; ".join(f"{k}: {v}" for k, v in lines.items()), flush=True)
    started = processes_start(lines, env, workdir)
    try:
        wait_ready(args.port, started, workdir)
        web = started.get("web")
        workers = children(web.pid) if web else []
        cpu_before = {pid: cpu_seconds(pid) for pid in workers}
        requests_made = workers_warm(port=args.port, plan=plan, workers=workers, rounds=args.rounds)
        warmed = sum(1 for pid in workers if cpu_seconds(pid) > cpu_before[pid])
        print(
            f"warmed: {requests_made} requests over {len(workers)} web workers "
            f"({warmed} of them answered some)"
        )
        print(f"queues: {queues_ping(env)}")
        time.sleep(args.settle)
        print(f"\nmemory after the warm-up (load average {os.getloadavg()[0]:.2f}):")
        table_print(started)
    finally:
        processes_stop(started)
    modules_report(workdir)
    import_time(env)
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
