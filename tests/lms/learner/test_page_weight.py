"""A first visit to a session page transfers at most 60 KiB of HTML, CSS and JavaScript,
compressed (images and video excluded)."""

import gzip
import re

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
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            sizes[asset.decode()] = gzipped_size(handle.read())
    # Modules the page's script imports count too.
    for name in list(sizes):
        if name.endswith(".js"):
            source = open(finders.find(name), "rb").read()
            for imported in re.findall(rb'from\s+"\./([^"]+)"', source):
                sizes[imported.decode()] = gzipped_size(
                    open(finders.find(f"lms/{imported.decode()}"), "rb").read()
                )
    total = sum(sizes.values())
    print(f"session page first visit: {total / 1024:.1f} KiB compressed {sizes}")
    assert total <= BUDGET, sizes
