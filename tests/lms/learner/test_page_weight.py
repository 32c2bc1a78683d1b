"""A first visit to a session page transfers at most 60 KiB of HTML, CSS and JavaScript,
compressed (images and video excluded)."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from curriculum.models import SessionPage

BUDGET = 60 * 1024


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.django_db
def test_first_visit_to_the_heaviest_demo_session_fits_the_budget(client, learner):
    call_command("seed_curricula", limit=3, no_video=True, verbosity=0)
    sessions = SessionPage.objects.live().filter(locale__language_code="pt-br")
    heaviest = max(sessions, key=lambda s: len(str(s.body.raw_data)))
    client.force_login(learner)
    html = client.get(heaviest.url).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert any(a.endswith(b".css") for a in assets) and any(a.endswith(b".js") for a in assets)
    sizes = {"html": gzipped_size(html)}
    pending = [a.decode() for a in assets]
    while pending:  # modules imported by the page's scripts count too
        name = pending.pop()
        path = finders.find(name)
        assert path, name
        data = Path(path).read_bytes()
        sizes[name] = gzipped_size(data)
        if name.endswith(".js"):
            folder = name.rsplit("/", 1)[0]
            for imported in re.findall(rb'from\s+"\./([^"]+)"', data):
                if f"{folder}/{imported.decode()}" not in sizes:
                    pending.append(f"{folder}/{imported.decode()}")
    total = sum(sizes.values())
    print(f"session page first visit: {total / 1024:.1f} KiB compressed {sizes}")
    assert total <= BUDGET, sizes
