"""Server CPU time per request of the learner's pages beside a bare Wagtail page of the same
site, in one process and one run, on a throwaway database seeded with demo content:

* a bare page: a plain ``wagtailcore.Page`` under the home page, served by Wagtail's ``serve``
  with Wagtail's own one-heading template (``wagtailcore/page.html``), through every
  middleware of the site;
* the session page for a signed-in learner (each request records a visit), with progress on
  a few blocks, a quiz attempt and a reflection;
* the anonymous refresher page (a visitor; nothing is written), drawn for every request
  (``RUMO_PAGE_CACHE`` off) and served whole from the cache (``lms.core.page_cache``);
* the home page (the catalogue) for a visitor, served whole from the cache;
* My path for the same learner;
* ``/ping`` (no page, no template) as the floor, for the learner and for a visitor (no
  session: the floor of a visitor's kept page, which the "× ping" column divides by);
* the learner's two writes as the page's script sends them, measured last, on the same
  session with a video block added first (as the demo seeded with video has it; the seed
  here has none): a video progress report on a block that has a row and stays incomplete,
  and a quiz submitted for JSON with a fresh form token each time (so every request stores
  an attempt).

Prints the median and p90 of ``time.process_time()`` around the test client's request, the
queries of one request and the ratios to the bare page and to ``/ping``; asserts nothing
about speed.
SQLite by default; ``BENCH_DATABASE_URL`` names an empty PostgreSQL database of your own and
``BENCH_CACHE_URL`` a Redis database (the production path).
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
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    if os.environ.get("BENCH_CACHE_URL"):
        os.environ["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("seed_curricula", limit=4, no_video=True, verbosity=0)


def cpu_per_request(client, url: str, send=None) -> tuple[list[float], int]:
    """``send(client, url)`` makes one request (a GET unless given)."""
    from django.db import connection

    send = send or (lambda client, url: client.get(url))

    # What seeding left in reference cycles is collected first, so that the collector's
    # passes over it are not counted as the requests' time (a server worker never holds it).
    gc.collect()
    for _ in range(10):  # warm-up: caches, template loading
        assert send(client, url).status_code == 200, url
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        send(client, url)
    samples = []
    for _ in range(REQUESTS):
        start = time.process_time()
        response = send(client, url)
        samples.append(time.process_time() - start)
        assert response.status_code == 200
    return samples, len(queries)


def bare_page():
    """A plain Wagtail page under the Portuguese home, created once for the benchmark."""
    from wagtail.models import Page

    from curriculum.models import CataloguePage

    home = CataloguePage.objects.get(locale__language_code="pt-br")
    page = home.add_child(instance=Page(title="Página simples", slug="bench-bare-page"))
    page.save_revision().publish()
    return page


def learner_with_records():
    from curriculum import api as curriculum_api
    from curriculum.models import SessionPage
    from lms.accounts.models import User
    from lms.portfolio.services import reflection_save
    from lms.progress.services import block_progress_record, session_visit_record

    learner = User.objects.create_user("bench-learner", password="bench-password-123")
    # The first lesson of the personal-effectiveness course: video, quiz, reflection.
    session = (
        SessionPage.objects.live()
        .filter(locale__language_code="pt-br", planned_minutes__gt=0)
        .order_by("path")
        .first()
    )
    outline = curriculum_api.session_outline(session=session)
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    for ref in outline.tracked[:2]:
        block_progress_record(
            learner=learner, outline=outline, block_id=ref.id, progress=0.5, position_seconds=12
        )
    reflection = next((b for b in session.body if b.block_type == "reflection"), None)
    if reflection is not None:
        reflection_save(
            learner=learner,
            outline=outline,
            block_id=reflection.id,
            prompt=reflection.value["prompt"],
            text="Uma reflexão",
            shared=False,
        )
    return learner, session


def video_added(session):
    """A video block first in the session, its video with a caption track, as the seed with
    video makes them (the worker would draw the file and its renditions later)."""
    from django.core.files.base import ContentFile

    from curriculum.models import SessionPage, Video, VideoCaption

    video = Video.objects.create(title="Vídeo de medida", duration_seconds=120)
    caption = VideoCaption(video=video, language="pt-br", sort_order=0)
    caption.file.save("bench-video.vtt", ContentFile(b"WEBVTT\n"), save=True)
    session.body.insert(0, ("video", {"video": video, "caption": "", "required": True}))
    session.save_revision().publish()
    session = SessionPage.objects.get(pk=session.pk)
    return session, next(b.id for b in session.body if b.block_type == "video")


def video_report(block_id: str):
    """The page script's report on a video the learner is watching: the position moves on,
    the share watched stays under the completion mark."""
    import json

    positions = iter(range(10**6))

    def send(client, url):
        return client.post(
            url,
            data=json.dumps({"block_id": block_id, "progress": 0.5, "position": next(positions)}),
            content_type="application/json",
        )

    return send


def quiz_answers(session):
    """A quiz submitter with the session's first quiz answered right, a fresh form token for
    every request (as a learner's new attempt)."""
    import uuid

    from curriculum import api as curriculum_api

    block_id = next(b.id for b in session.body if b.block_type == "quiz")
    quiz = curriculum_api.session_quiz(session=session, block_id=block_id)
    form = {}
    for question in quiz.questions:
        if question.is_numeric:
            form[f"q-{question.id}"] = [str(question.answer).replace(".", ",")]
        else:
            form[f"q-{question.id}"] = [o.id for o in question.options if o.correct]

    def send(client, url):
        return client.post(
            url, {**form, "token": str(uuid.uuid4())}, HTTP_ACCEPT="application/json"
        )

    return block_id, send


def refresher_page():
    from curriculum.models import ModulePage, SessionPage

    module = ModulePage.objects.live().filter(refresher=True, locale__language_code="pt-br").first()
    return SessionPage.objects.live().child_of(module).order_by("path").first()


def main() -> None:
    setup()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client, override_settings

    # As in a worker with persistent connections (CONN_MAX_AGE), and so that the queries of a
    # request can be counted: the connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    bare = bare_page()
    learner, session = learner_with_records()
    refresher = refresher_page()
    visitor, client = Client(), Client()
    client.force_login(learner)
    with override_settings(RUMO_PAGE_CACHE=False):
        drawn = cpu_per_request(visitor, refresher.url)
    figures = {
        "/ping (no page)": cpu_per_request(client, "/ping"),
        "/ping, visitor (no page, no session)": cpu_per_request(visitor, "/ping"),
        f"bare Wagtail page ({bare.url})": cpu_per_request(client, bare.url),
        f"session page, learner ({session.url})": cpu_per_request(client, session.url),
        f"refresher, visitor, drawn ({refresher.url})": drawn,
        f"refresher, visitor, kept ({refresher.url})": cpu_per_request(visitor, refresher.url),
        "home, visitor, kept (/pt-br/)": cpu_per_request(visitor, "/pt-br/"),
        "My path (/pt-br/learn/)": cpu_per_request(client, "/pt-br/learn/"),
    }
    from django.urls import reverse

    session, video_id = video_added(session)
    quiz_id, quiz_send = quiz_answers(session)
    figures["video progress, learner"] = cpu_per_request(
        client, reverse("learner:progress", args=[session.pk]), video_report(video_id)
    )
    figures["quiz submit, learner (a fresh token each)"] = cpu_per_request(
        client, reverse("learner:quiz_submit", args=[session.pk, quiz_id]), quiz_send
    )
    figures_print(figures)


def figures_print(figures: dict[str, tuple[list[float], int]]) -> None:
    from django.db import connection

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"server CPU time per request on {connection.vendor}, {REQUESTS} requests each "
        f"(load average {load}):"
    )
    print(f"  {'':<58} {'median':>9} {'p90':>9} {'queries':>8} {'× bare':>7} {'× ping':>7}")
    bare = ping = None
    for name, (samples, queries) in figures.items():
        samples.sort()
        median = statistics.median(samples) * 1000
        p90 = samples[int(len(samples) * 0.9)] * 1000
        if name.startswith("bare"):
            bare = median
        if name.startswith("/ping"):  # a visitor's page against a visitor's /ping
            ping = median
        ratio = f"{median / bare:6.2f}×" if bare and not name.startswith("bare") else ""
        to_ping = f"{median / ping:6.2f}×" if ping and not name.startswith("/ping") else ""
        print(
            f"  {name[:58]:<58} {median:6.2f} ms {p90:6.2f} ms {queries:8d} {ratio:>7} {to_ping:>7}"
        )


if __name__ == "__main__":
    main()
