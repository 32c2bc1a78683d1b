"""What "Download for offline" costs a learner in bytes, on the demo's personal-effectiveness
curriculum in Portuguese (24 sessions in six modules), its videos drawn and converted as the
Celery worker does it (240p and 360p, ffmpeg):

* one session: its page, the 240p video, poster and captions, file by file;
* the whole curriculum: every module downloaded (each module page and its sessions);
* MB of video per hour of video (the 240p encoding rate) and per session hour (the video of a
  session over its self-paced time, the hours a learner spends with the downloaded lesson).

Page HTML is measured as the server sends it to a signed-in learner (uncompressed: the phone
keeps what it receives, and the worker caches the decoded body); the media are the stored
files. The size a page shows before downloading is the server's estimate for the HTML plus
the stored sizes; both are printed. Asserts nothing. Throwaway SQLite database and media
folder; drawing and converting 24 videos takes some minutes on the 2-core machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
MB = 1_000_000


def setup() -> Path:
    workdir = Path(tempfile.mkdtemp(prefix="rumo-bench-offline-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"  # before any storage is used
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("seed_curricula", verbosity=0)
    return workdir


def draw_videos(curriculum) -> None:
    from curriculum.demo_video import demo_video_make
    from curriculum.models import SessionPage

    started = time.monotonic()
    sessions = SessionPage.objects.live().descendant_of(curriculum)
    ids = {b.value["video"].pk for s in sessions for b in s.body if b.block_type == "video"}
    for n, video_id in enumerate(sorted(ids), 1):
        demo_video_make(video_id=video_id)
        print(f"  video {n} of {len(ids)} drawn and converted", file=sys.stderr)
    print(f"  {len(ids)} videos in {time.monotonic() - started:.0f} s", file=sys.stderr)


def measured(client, manifest: dict) -> dict[str, int]:
    """Bytes per kind of file, pages as served to the learner, media as stored."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    sizes: dict[str, int] = {}
    for item in manifest["files"]:
        if item["kind"] == "page":
            response = client.get(item["url"])
            assert response.status_code == 200, item["url"]
            size = len(response.content)
        else:
            name = item["url"].removeprefix(settings.MEDIA_URL)
            size = (
                default_storage.size(name)
                if item["url"].startswith(settings.MEDIA_URL)
                else item["size"]
            )
        sizes[item["kind"]] = sizes.get(item["kind"], 0) + size
    return sizes


def main() -> None:
    setup()
    from django.test import Client

    from curriculum.models import CurriculumPage, ModulePage, SessionPage
    from lms.accounts.models import User

    curriculum = CurriculumPage.objects.get(kind="personal", locale__language_code="pt-br")
    draw_videos(curriculum)
    learner = User.objects.create_user("bench-offline", password="bench-password-123")
    client = Client()
    client.force_login(learner)

    def manifest(page) -> dict:
        response = client.get(f"/pt-br/learn/offline/{page.pk}/files/")
        assert response.status_code == 200
        return response.json()

    session = SessionPage.objects.live().descendant_of(curriculum).order_by("path").first()
    one = manifest(session)
    sizes = measured(client, one)
    print(f"One session ({session.title}), {session.self_paced_minutes} min self-paced:")
    for kind, size in sizes.items():
        print(f"  {kind:9} {size:>11,} bytes")
    print(
        f"  total     {sum(sizes.values()):>11,} bytes (shown before downloading: {one['size']:,})"
    )

    modules = ModulePage.objects.live().child_of(curriculum).order_by("path")
    totals: dict[str, int] = {}
    shown = 0
    for module in modules:
        data = manifest(module)
        shown += data["size"]
        for kind, size in measured(client, data).items():
            totals[kind] = totals.get(kind, 0) + size
    sessions = list(SessionPage.objects.live().descendant_of(curriculum))
    self_paced_hours = sum(s.self_paced_minutes for s in sessions) / 60
    video_seconds = 0.0
    for s in sessions:
        for b in s.body:
            if b.block_type == "video" and b.value["video"].duration_seconds:
                video_seconds += b.value["video"].duration_seconds
    total = sum(totals.values())
    print(f"\nWhole curriculum: {len(sessions)} sessions in {modules.count()} modules")
    for kind, size in totals.items():
        print(f"  {kind:9} {size:>11,} bytes")
    print(
        f"  total     {total:>11,} bytes = {total / MB:.1f} MB (shown before: {shown / MB:.1f} MB)"
    )
    video = totals.get("video", 0)
    print(f"\nVideo at 240p: {video / MB:.1f} MB for {video_seconds / 60:.1f} min of video")
    print(f"  per hour of video:         {video / MB / (video_seconds / 3600):.1f} MB")
    print(
        f"  per session hour:          {video / MB / self_paced_hours:.1f} MB "
        f"({self_paced_hours:.1f} self-paced hours; target at most 15 MB)"
    )


if __name__ == "__main__":
    main()
