"""Simulated learners for the load run (``tests/perf/load_learners.py`` starts locust on it).

Each simulated learner takes one prepared account, logs in (allauth's form, with its CSRF
token) and then walks the lesson over and over: My path, the session page, two video
progress reports, the quiz. A learner's second quiz (and every third after it) is sent twice
at once, as a "submit" tapped twice on a slow phone does (two requests, one form token).

Every write is written down in a journal (``LOAD_JOURNAL``, JSON lines, on quitting) with its
outcome: acknowledged (2xx), refused (an error) or still in flight when the run stopped. The
load script compares the journal with what the database holds (``load_ledger.py``).

One learner in ten mistypes the password once. The whole class comes through one address
(``LOAD_CLIENT_ADDRESS`` in ``X-Real-IP``, the header the server is told to trust, as from a
proxy in front of a school's NAT).

Two phases: the class arriving (every learner logs in) and the class at work. When the last
learner of ``LOAD_USERS`` is in, the statistics of the arrival are saved to ``LOAD_ARRIVAL``,
locust's statistics start again from zero, the moment is written to ``LOAD_MARK`` (the load
script reads the processes' CPU time there) and the run goes on for ``LOAD_WINDOW`` seconds.

The client is locust's ``FastHttpUser`` (geventhttpclient): the load generator runs on the
same two cores as the server, and this client costs a fraction of ``requests``' CPU per
request. It asks for ``gzip, deflate, br`` as phones do, so the server compresses as it would
for them.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlencode

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(os.environ.get("LOAD_PLAN", "{}") or "{}")
JOURNAL_PATH = os.environ.get("LOAD_JOURNAL", "")
CLIENT_ADDRESS = os.environ.get("LOAD_CLIENT_ADDRESS", "203.0.113.10")
THINK = tuple(float(s) for s in os.environ.get("LOAD_THINK", "1,2").split(","))
DOUBLE_TAP_EVERY = 3  # the 2nd, 5th, 8th... quiz of each learner
USERS = int(os.environ.get("LOAD_USERS", "0") or 0)
WINDOW = float(os.environ.get("LOAD_WINDOW", "0") or 0)
ARRIVAL_PATH = os.environ.get("LOAD_ARRIVAL", "")
MARK_PATH = os.environ.get("LOAD_MARK", "")
_logged_in: set[str] = set()

_accounts = itertools.count()
_journal: list[dict] = []
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _write(kind: str, learner: str, **fields) -> dict:
    entry = {"kind": kind, "learner": learner, "ok": None, **fields}
    _journal.append(entry)
    return entry


_failures: Counter = Counter()


@events.request.add_listener
def _failure_count(request_type, name, exception, response=None, **_kwargs) -> None:
    if exception is not None:
        status = getattr(response, "status_code", None) or ""
        _failures[(f"{request_type} {name}", f"{status} {exception}"[:200])] += 1


@events.quitting.add_listener
def _journal_save(environment, **_kwargs) -> None:
    if JOURNAL_PATH:
        with open(JOURNAL_PATH, "w", encoding="utf-8") as out:
            for entry in _journal:
                out.write(json.dumps(entry) + "\n")
            for (request, error), count in _failures.most_common():
                failure = {"kind": "failure", "request": request, "error": error, "count": count}
                out.write(json.dumps(failure) + "\n")


def _class_in(environment) -> None:
    """The whole class is in: keep the arrival's figures, start counting again, and stop
    ``WINDOW`` seconds from now."""
    stats = environment.runner.stats
    if ARRIVAL_PATH:
        with open(ARRIVAL_PATH, "w", encoding="utf-8") as out:
            json.dump(stats.serialize_stats(), out)
    stats.reset_all()
    if MARK_PATH:
        with open(MARK_PATH, "w", encoding="utf-8") as out:
            out.write(str(time.time()))
    if WINDOW:
        gevent.spawn_later(WINDOW, environment.runner.quit)


class Learner(FastHttpUser):
    wait_time = between(THINK[0], THINK[-1])
    default_headers = {"X-Real-IP": CLIENT_ADDRESS}

    def on_start(self) -> None:
        n = next(_accounts)
        accounts = PLAN["accounts"]
        self.username = accounts[n % len(accounts)]
        self.session = PLAN["sessions"][n % len(PLAN["sessions"])]
        self.steps = itertools.cycle(
            [self.my_path, self.session_page, self.video, self.video, self.quiz]
        )
        self.watched = 0.0
        self.quizzes = 0
        self.rng = random.Random(n)  # noqa: S311 - answers, not secrets
        self.logged_in = False
        self.first_try = time.time()
        self.mistypes = 1 if n % 10 == 3 else 0
        self.log_in()

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def _csrf(self) -> str:
        return self._cookie("csrftoken")

    def log_in(self) -> None:
        """Log in; one learner in ten mistypes the password the first time. A learner who is
        refused (or mistyped) tries again after the think time; the journal keeps when they
        first tried."""
        login_url = PLAN["login_url"]
        mistype = self.mistypes > 0
        self.mistypes -= 1
        entry = _write("login", self.username, started=self.first_try, mistyped=mistype)
        with self.client.get(login_url, name="log in (form)", catch_response=True) as page:
            match = CSRF_INPUT.search(page.text or "")
            if page.status_code != 200 or match is None:
                page.failure(f"login form: {page.status_code}")
                entry["ok"] = False
                return
        with self.client.post(
            login_url,
            data={
                "login": self.username,
                "password": PLAN["password"] + ("x" if mistype else ""),
                "csrfmiddlewaretoken": match.group(1),
            },
            headers={"Referer": self.client.base_url + login_url},
            allow_redirects=False,
            name="log in (mistyped)" if mistype else "log in",
            catch_response=True,
        ) as answer:
            entry["ok"] = answer.status_code == 302 and bool(self._cookie("sessionid"))
            entry["ended"] = time.time()
            self.logged_in = entry["ok"]
            if self.logged_in:
                _logged_in.add(self.username)
                if len(_logged_in) == USERS:
                    _class_in(self.environment)
            if mistype:  # the form again, saying the password is wrong
                if answer.status_code != 200 or self.logged_in:
                    answer.failure(f"mistyped password: {answer.status_code}")
            elif not entry["ok"]:
                answer.failure(f"not logged in: {answer.status_code}")

    @task
    def walk(self) -> None:
        if self.logged_in:
            next(self.steps)()
        else:
            self.log_in()

    # Redirects are not followed: a learner sent to the login page was not served.

    def my_path(self) -> None:
        with self.client.get(
            PLAN["path_url"], name="my path", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    def session_page(self) -> None:
        entry = _write("visit", self.username, session=self.session["key"])
        with self.client.get(
            self.session["url"], name="session page", allow_redirects=False, catch_response=True
        ) as r:
            entry["ok"] = r.status_code == 200
            if not entry["ok"]:
                r.failure(f"{r.status_code}")

    def video(self) -> None:
        self.watched = min(1.0, self.watched + self.rng.uniform(0.05, 0.3))
        position = round(self.watched * self.session["video_seconds"], 2)
        block = self.session["video_block"]
        entry = _write(
            "progress", self.username, block=block, progress=self.watched, position=position
        )
        with self.client.post(
            self.session["progress_url"],
            data=json.dumps({"block_id": block, "progress": self.watched, "position": position}),
            headers={"Content-Type": "application/json", "X-CSRFToken": self._csrf()},
            name="video progress",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            entry["ok"] = r.status_code == 200
            if not entry["ok"]:
                r.failure(f"{r.status_code}")

    def quiz(self) -> None:
        self.quizzes += 1
        token = str(uuid.uuid4())
        form = {
            "csrfmiddlewaretoken": self._csrf(),
            "token": token,
            "started_at": datetime.now(UTC).isoformat(),
        }
        for question in self.session["questions"]:
            right = self.rng.random() < 0.7
            form[f"q-{question['id']}"] = question["right"] if right else question["wrong"]
        taps = 2 if self.quizzes % DOUBLE_TAP_EVERY == 2 else 1
        entries = [
            _write("quiz", self.username, block=self.session["quiz_block"], token=token, tap=t)
            for t in range(taps)
        ]

        def submit(entry: dict) -> None:
            with self.client.post(
                self.session["quiz_url"],
                data=urlencode(form, doseq=True),  # a question's answers as repeated fields
                headers={
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": self.client.base_url,
                },
                name="quiz submit" if entry["tap"] == 0 else "quiz submit (double tap)",
                allow_redirects=False,
                catch_response=True,
            ) as r:
                entry["ok"] = r.status_code == 200
                if not entry["ok"]:
                    r.failure(f"{r.status_code}")

        gevent.joinall([gevent.spawn(submit, entry) for entry in entries])
