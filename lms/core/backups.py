"""Backups of the database and the uploaded media, and their restore.

A backup is a folder: ``manifest.json``, the database (SQLite: a consistent copy made with
SQLite's online backup API, safe while Rumo runs; PostgreSQL: ``pg_dump`` in its custom format,
restored with ``pg_restore``, which keep the schema, sequences and every row exactly) and
``media.tar.gz`` (MEDIA_ROOT; uploads in object storage are left to the bucket's versioning).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


class BackupError(Exception):
    pass


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Unsupported database: {vendor}.")
    return vendor


def _media_on_disk() -> Path | None:
    storage = getattr(default_storage, "_wrapped", default_storage)
    if not isinstance(storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    env = {**os.environ}
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is needed for PostgreSQL (the postgresql-client package).")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup_create(*, folder: Path, alias: str = "default") -> Path:
    """Write a backup into ``folder`` (created; must be empty) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty.")
    engine = _engine(alias)
    connection = connections[alias]
    if engine == "sqlite":
        database = SQLITE_FILE
        connection.ensure_connection()
        target = sqlite3.connect(folder / database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        database = POSTGRES_FILE
        args, env = _pg_env(alias)
        name = connection.settings_dict["NAME"]
        command = [_pg_tool("pg_dump"), *args, "--format=custom", "--no-owner"]
        _run([*command, "--file", str(folder / database), "--dbname", name], env)
    media = _media_on_disk()
    if media is not None:
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if media.exists():
                archive.add(media, arcname=".")
    manifest = {
        "format": FORMAT,
        "engine": engine,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "media": MEDIA_ARCHIVE if media is not None else None,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is not a backup this version can restore.")
    if manifest.get("database") not in {SQLITE_FILE, POSTGRES_FILE}:
        raise BackupError(f"{folder}: unknown database file.")
    if manifest.get("media") not in {MEDIA_ARCHIVE, None}:
        raise BackupError(f"{folder}: unknown media archive.")
    return manifest


def backup_restore(*, folder: Path, alias: str = "default") -> dict:
    """Replace the database and MEDIA_ROOT with the backup's; return its manifest."""
    manifest = _manifest(folder)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(f"The backup is of {manifest['engine']}; this database is {engine}.")
    connection = connections[alias]
    if engine == "sqlite":
        source = sqlite3.connect(folder / manifest["database"])
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()
        args, env = _pg_env(alias)
        name = connection.settings_dict["NAME"]
        command = [_pg_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner"]
        _run(
            [
                *command,
                "--single-transaction",
                "--dbname",
                name,
                str(folder / manifest["database"]),
            ],
            env,
        )
    media = _media_on_disk()
    if manifest["media"] and media is not None:
        _media_restore(archive=folder / manifest["media"], media=media)
    return manifest


def _media_restore(*, archive: Path, media: Path) -> None:
    """Unpack into a fresh folder beside MEDIA_ROOT, then swap it in."""
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = media.with_name(media.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir()
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(incoming, filter="data")  # no absolute paths, links out or devices
    if media.exists():
        previous = media.with_name(media.name + ".previous")
        shutil.rmtree(previous, ignore_errors=True)
        media.rename(previous)
        incoming.rename(media)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        incoming.rename(media)
