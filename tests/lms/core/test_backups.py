"""Backup and restore round trip: records and an uploaded file come back as they were (on
SQLite by default, on PostgreSQL with pg_dump/pg_restore in CI's second run)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from lms.accounts.models import User


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_the_records_and_uploads_of_the_backup(media, tmp_path):
    User.objects.create_user(username="ana", email="ana@example.org", password="x-pass-1234")
    name = default_storage.save("videos/original/aula.mp4", ContentFile(b"video bytes"))
    backup = tmp_path / "backup"

    call_command("backup", str(backup))

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] in {"sqlite", "postgresql"}
    User.objects.filter(username="ana").delete()
    User.objects.create_user(username="bruno", email="bruno@example.org", password="x-pass-1234")
    default_storage.delete(name)
    default_storage.save("stray.txt", ContentFile(b"not in the backup"))

    call_command("restore", str(backup), yes=True)

    assert User.objects.filter(username="ana").exists()
    assert not User.objects.filter(username="bruno").exists()
    assert (media / name).read_bytes() == b"video bytes"
    assert not (media / "stray.txt").exists()


@pytest.mark.django_db
def test_restore_asks_for_confirmation_and_refuses_a_folder_that_is_no_backup(media, tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", str(tmp_path), yes=True)


@pytest.mark.django_db
def test_backup_refuses_a_folder_that_is_not_empty(media, tmp_path):
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))
