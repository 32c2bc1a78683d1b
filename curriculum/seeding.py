"""Building the demo curricula from ``demo_content/``.

The Portuguese pages are created first; the Spanish pages are wagtail-localize translations
of them (a ``Translation`` per page, filled from a PO file), exactly as an author's translation
would be. So they share ``translation_key`` and block ids, later edits to the source can be
synced, and the structure (minutes, pass marks, correct options) stays in one place.

Everything here is idempotent: what already exists is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, validate_translation_links

from curriculum import demo_video
from curriculum.demo_content.schema import validate_session
from curriculum.demo_content.streams import (
    SOURCE,
    TARGET,
    _string_pairs,
    guide_stream,
    learner_stream,
)
from curriculum.models import (
    CataloguePage,
    CurriculumPage,
    ModulePage,
    SessionPage,
    Video,
    VideoCaption,
)
from curriculum.queueing import task_send_on_commit
from curriculum.tasks import demo_video_make_task

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
CURRICULA = ("personal", "enterprise")
CATALOGUE = {
    SOURCE: {
        "title": "Rumo",
        "summary": (
            "Aprenda no seu ritmo, no celular, e encontre o seu grupo nos encontros presenciais."
        ),
    },
    TARGET: {
        "title": "Rumo",
        "summary": (
            "Aprende a tu ritmo, en el celular, y encuentra a tu grupo "
            "en las sesiones presenciales."
        ),
    },
}


class DemoContentError(Exception):
    """A demo content file does not have the expected shape."""


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    existing: int = 0
    videos: list[int] = field(default_factory=list)  # new demo videos, for the worker

    def add(self, label: str, created: bool) -> None:
        if created:
            self.created.append(label)
        else:
            self.existing += 1


Log = Callable[[str], None]
Progress = Callable[[int, int], None]  # sessions done, sessions in all


def _noop(*_: object) -> None:
    return None


# --- Pages and translations --------------------------------------------------------------


def _locale(code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=code)
    return locale


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page, True


def _as_segment(text: str) -> str:
    # wagtail-localize stores plain-text segments as escaped HTML with <br> for newlines.
    return StringValue.from_plaintext(text).data


def translate_page(
    page: Page,
    pairs: dict[str, str],
    locale: Locale,
    *,
    require_all: bool = False,
    overrides: dict[str, object] | None = None,
) -> tuple[Page, bool]:
    """Create (once) the wagtail-localize translation of ``page`` into ``locale``.

    ``pairs`` maps source texts to their translations. A text without one keeps the source
    text (wagtail-localize's fallback) unless ``require_all`` is set. ``overrides`` maps the
    path of a synchronised value (``body.<block id>.video``) to the value the translation
    uses instead, as a translator's choice in the editor would.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing, False
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    _import_strings(translation, pairs, require_all=require_all, title=page.title)
    for path, value in (overrides or {}).items():
        segment = OverridableSegment.objects.select_related("context").get(
            source=source, context__path=path
        )
        SegmentOverride.objects.update_or_create(
            locale=locale, context=segment.context, defaults={"data_json": json.dumps(value)}
        )
    translation.save_target(publish=True)
    return page.get_translation(locale), True


def _import_strings(
    translation: Translation, pairs: dict[str, str], *, require_all: bool, title: str
) -> None:
    """Store the translation of every string of the source: the rows a translator's PO import
    writes (``Translation.import_po``), in three queries instead of several per string."""
    segments = {_as_segment(a): _as_segment(b) for a, b in pairs.items() if a}
    now = timezone.now()
    rows, missing = [], []
    for segment in (
        StringSegment.objects.filter(source=translation.source)
        .select_related("string", "context")
        .order_by("order")
    ):
        text = segments.get(segment.string.data, "")
        if not text:
            if segment.context.path != "slug":
                missing.append(segment.context.path)
            continue
        try:
            StringValue.from_translated_html(text)
            validate_translation_links(segment.string.data, text)
            has_error = False
        except ValueError:
            has_error = True  # kept, as the PO import keeps it, and never used on the page
        rows.append(
            StringTranslation(
                translation_of=segment.string,
                locale_id=translation.target_locale_id,
                context=segment.context,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                updated_at=now,
                has_error=has_error,
            )
        )
    if missing and require_all:
        raise DemoContentError(
            f"{title}: no {translation.target_locale.language_code} text for "
            f"{', '.join(missing[:5])}"
        )
    StringTranslation.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["locale", "translation_of", "context"],
        update_fields=["data", "translation_type", "updated_at", "has_error"],
    )


def _page_pairs(source: dict, target: dict, *fields: str) -> dict[str, str]:
    pairs = {source[name]: target[name] for name in fields if source.get(name)}
    pairs[slugify(source["title"])] = slugify(target["title"])
    return pairs


def site_setup(log: Log = _noop) -> CataloguePage:
    """Locales, the catalogue (home) page in both languages, and the default site."""
    source_locale, target_locale = _locale(SOURCE), _locale(TARGET)
    root = Page.get_first_root_node()
    if root is None:  # a database emptied by hand or by a flush: rebuild the tree's root
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=source_locale))
    catalogue = CataloguePage.objects.child_of(root).filter(locale=source_locale).first()
    if catalogue is None:
        text = CATALOGUE[SOURCE]
        catalogue, _ = _child(root, CataloguePage, slugify(text["title"]), **text)
        catalogue = CataloguePage.objects.get(pk=catalogue.pk)
        log(f"created catalogue page {catalogue.title}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Rumo")
    if site.root_page_id != catalogue.pk:
        old_root = site.root_page if site.pk else None
        site.root_page = catalogue
        site.save()
        # Wagtail's placeholder welcome page is not content; anything else is kept.
        if (
            old_root is not None
            and type(old_root.specific) is Page
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    pairs = _page_pairs(CATALOGUE[SOURCE], CATALOGUE[TARGET], "title", "summary")
    pairs[catalogue.slug] = catalogue.slug
    translate_page(catalogue, pairs, target_locale, require_all=True)
    return catalogue


def load_demo_file(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name != "curriculum.json":
        errors = validate_session(data)
        if errors:
            raise DemoContentError(f"{path.name}: " + "; ".join(errors))
    return data


def _session_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.name != "curriculum.json")


def _make_videos(data: dict, report: SeedReport) -> dict[str, Video]:
    """One video per language, each with its caption track; the worker draws them.

    The caption track is the video's script (``demo_video``): a title slide, then one slide
    per key point. A video is created without a file and is drawn and converted by the
    Celery worker once the seed is done (``report.videos`` lists what to queue).
    """
    videos = {}
    for lang in (SOURCE, TARGET):
        loc = data[lang]
        title = f"{loc['title']} ({data['key']}, {lang})"
        video = Video.objects.filter(title=title).first()
        if video is None:
            slides = demo_video.slide_script(title=loc["title"], points=loc["key_points"])
            video = Video.objects.create(title=title, duration_seconds=slides[-1].end)
            caption = VideoCaption(video=video, language=lang, sort_order=0)
            vtt = demo_video.webvtt(slides).encode()
            caption.file.save(f"{data['key']}-{lang}.vtt", ContentFile(vtt), save=True)
            report.videos.append(video.pk)
        videos[lang] = video
    return videos


def seed_curriculum(
    name: str,
    catalogue: CataloguePage,
    *,
    with_video: bool,
    limit: int | None,
    log: Log,
    progress: Callable[[], None] = _noop,
) -> SeedReport:
    folder = CONTENT_DIR / name
    meta = load_demo_file(folder / "curriculum.json")
    target_locale = _locale(TARGET)
    report = SeedReport()
    src, tgt = meta[SOURCE], meta[TARGET]
    curriculum, created = _child(
        catalogue,
        CurriculumPage,
        slugify(src["title"]),
        kind=meta["kind"],
        title=src["title"],
        audience=src["audience"],
        summary=src["summary"],
    )
    report.add(curriculum.title, created)
    translate_page(
        curriculum,
        _page_pairs(src, tgt, "title", "audience", "summary"),
        target_locale,
        require_all=True,
    )
    modules: dict[int, ModulePage] = {}
    for module_meta in meta["modules"]:
        msrc, mtgt = module_meta[SOURCE], module_meta[TARGET]
        module, created = _child(
            curriculum,
            ModulePage,
            slugify(msrc["title"]),
            number=module_meta["number"],
            refresher=module_meta.get("refresher", False),
            title=msrc["title"],
            summary=msrc["summary"],
        )
        report.add(module.title, created)
        translate_page(
            module, _page_pairs(msrc, mtgt, "title", "summary"), target_locale, require_all=True
        )
        modules[module_meta["number"]] = module
    for path in _session_files(folder)[:limit]:
        data = load_demo_file(path)
        module = modules[data["module"]]
        src = data[SOURCE]
        slug = slugify(src["title"])
        session = SessionPage.objects.child_of(module).filter(slug=slug).first()
        if session is None:
            with transaction.atomic():
                videos = _make_videos(data, report) if with_video else {}
                session = _create_session(module, data, video=videos.get(SOURCE))
                _translate_session(session, data, target_locale, video=videos.get(TARGET))
            report.add(session.title, True)
            log(f"created session {data['key']}: {session.title}")
        else:
            report.add(session.title, False)
            _translate_session(session, data, target_locale)
        progress()
    return report


def _create_session(module: ModulePage, data: dict, *, video: Video | None) -> SessionPage:
    src = data[SOURCE]
    session, _ = _child(
        module,
        SessionPage,
        slugify(src["title"]),
        title=src["title"],
        summary=src["summary"],
        number=data["number"],
        planned_minutes=data.get("planned_minutes", 0),
        self_paced_minutes=data["self_paced_minutes"],
        levels=data.get("levels", []),
        body=learner_stream(data, SOURCE, video),
        facilitator_guide=guide_stream(data, SOURCE),
    )
    return session


def _translate_session(
    session: SessionPage, data: dict, locale: Locale, *, video: Video | None = None
) -> None:
    """Translate a session; ``video`` is the translation's own video (its slides and captions
    in the target language), set as a translator would choose it for the page."""
    if session.get_translation_or_none(locale) is not None:
        return
    first = session.body[0] if session.body else None
    source_video = first.value["video"] if first and first.block_type == "video" else None
    pairs = _page_pairs(data[SOURCE], data[TARGET], "title", "summary")
    for source, target in (
        (learner_stream(data, SOURCE, source_video), learner_stream(data, TARGET, source_video)),
        (guide_stream(data, SOURCE), guide_stream(data, TARGET)),
    ):
        pairs.update(_string_pairs(source, target))
    overrides = {}
    if source_video is not None and video is not None and video.pk != source_video.pk:
        overrides[f"body.{first.id}.video"] = video.pk
    translate_page(session, pairs, locale, require_all=True, overrides=overrides)


def session_count(*, limit: int | None = None) -> int:
    """How many sessions the seed goes through (for progress reports)."""
    return sum(len(_session_files(CONTENT_DIR / name)[:limit]) for name in CURRICULA)


def seed_curricula(
    *,
    with_video: bool = True,
    limit: int | None = None,
    log: Log = _noop,
    progress: Progress = _noop,
) -> SeedReport:
    """Seed both demo curricula. ``limit`` caps the sessions per curriculum (for tests);
    ``progress`` is told after each session how many are done, out of how many.

    New demo videos are queued for the Celery worker after the pages are committed, each
    once: a second run finds them and queues nothing.
    """
    total, done = session_count(limit=limit), 0

    def session_done() -> None:
        nonlocal done
        done += 1
        progress(done, total)

    report = SeedReport()
    # Wagtail refreshes a page's reference index (which pages use which video) on every save,
    # and a new page is saved several times (created, revised, published, translated):
    # once per page at the end instead.
    with disable_reference_index_auto_update():
        catalogue = site_setup(log)
        for name in CURRICULA:
            part = seed_curriculum(
                name, catalogue, with_video=with_video, limit=limit, log=log,
                progress=session_done,
            )  # fmt: skip
            report.created += part.created
            report.existing += part.existing
            report.videos += part.videos
    if report.created:
        for page in Page.objects.filter(depth__gt=1).specific():
            ReferenceIndex.create_or_update_for_object(page)
    for video_id in report.videos:
        # After commit, so the worker finds the video. A broker that is down is logged and
        # leaves the video waiting (Celery beat sends it again) rather than failing the seed.
        task_send_on_commit(task=demo_video_make_task, args=(video_id,))
    return report
