""" "Download my data": everything Rumo holds about one person, as a zip of JSON and CSV files.

Built in the request: one person's rows are few (a learner of a full curriculum has a few
thousand), and each model is capped at ``MAX_ROWS_PER_MODEL`` rows, so the zip stays small.
What each model contributes is decided by ``policy.RULES``."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .policy import RULES, SECRET_FIELDS, THROUGH, Show

MAX_ROWS_PER_MODEL = 20_000


def user_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) pair pointing at the user model, from ``apps.get_models()``."""
    user_model = get_user_model()
    pairs = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model is user_model
                and (field.many_to_one or field.one_to_one or field.many_to_many)
            ):
                pairs.append((model, field))
    return pairs


def _plain(value: Any) -> Any:
    """A value JSON can hold: dates as ISO text, files as their stored name, anything else
    that is not a plain JSON value as its text."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if isinstance(value, FieldFile):
        return value.name or ""
    return str(value)  # Decimal, UUID, and whatever a third-party field holds


def _columns(model: type[models.Model]) -> list[models.Field]:
    secret = SECRET_FIELDS.get(model._meta.label, frozenset())
    return [f for f in model._meta.concrete_fields if f.name not in secret]


def _row(obj: models.Model, columns: list[models.Field]) -> dict[str, Any]:
    return {f.attname: _plain(getattr(obj, f.attname)) for f in columns}


def _related_rows(model: type[models.Model], lookup: str, person) -> tuple[list[dict], bool]:
    queryset = model.objects.filter(**{lookup: person})
    columns = _columns(queryset.model)
    objs = list(queryset.order_by("pk")[: MAX_ROWS_PER_MODEL + 1])
    truncated = len(objs) > MAX_ROWS_PER_MODEL
    return [_row(o, columns) for o in objs[:MAX_ROWS_PER_MODEL]], truncated


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def personal_data_sections(*, person) -> dict[str, dict[str, Any]]:
    """``{"app.Model.field": {"rows": [...], "truncated": bool} or {"count": n}}``, one entry
    per (model, field) pair in ``user_fields()``; the person's own account first."""
    user_model = get_user_model()
    account = _row(person, _columns(user_model))
    account["roles"] = sorted(person.groups.values_list("name", flat=True))
    sections: dict[str, dict[str, Any]] = {"accounts.User": {"rows": [account], "truncated": False}}
    for model, field in user_fields():
        label = model._meta.label
        rule = RULES.get((label, field.name))
        name = f"{label}.{field.name}"
        if rule is None or rule.show is Show.COUNT:
            # Unlisted pairs (a model added without a rule) are counted, never dumped: the
            # policy test fails on them before they reach a release.
            sections[name] = {"count": model.objects.filter(**{field.name: person}).count()}
        else:
            rows, truncated = _related_rows(model, field.name, person)
            sections[name] = {"rows": rows, "truncated": truncated}
    for label, lookup in THROUGH.items():
        rows, truncated = _related_rows(apps.get_model(label), lookup, person)
        sections[f"{label}.{lookup}"] = {"rows": rows, "truncated": truncated}
    return sections


def personal_data_zip(*, person) -> bytes:
    """The zip: ``rumo.json`` (everything) and one CSV per section with rows."""
    sections = personal_data_sections(person=person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "rumo.json",
            json.dumps(
                {"exported_at": timezone.now().isoformat(), "sections": sections},
                ensure_ascii=False,
                indent=1,
            ),
        )
        for name, section in sections.items():
            if section.get("rows"):
                archive.writestr(f"csv/{name}.csv", _csv(section["rows"]))
    return buffer.getvalue()
