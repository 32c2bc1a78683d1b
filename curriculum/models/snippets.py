from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from .mixins import ReviewedMixin

VIDEO_EXTENSIONS = ["mp4", "m4v", "mov", "webm"]
MAX_CAPTION_BYTES = 512 * 1024


def validate_video_size(file) -> None:
    limit = settings.RUMO_VIDEO_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("This video is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )


def validate_webvtt(file) -> None:
    """Caption files are untrusted: accept only small UTF-8 WebVTT files."""
    if file.size > MAX_CAPTION_BYTES:
        raise ValidationError(
            _("Caption files may be at most %(limit)s.")
            % {"limit": filesizeformat(MAX_CAPTION_BYTES)}
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(_("This is not a WebVTT caption file: it must begin with WEBVTT."))
    try:
        file.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Caption files must be saved as UTF-8 text.")) from exc
    finally:
        file.seek(0)


@dataclass(frozen=True)
class VideoSource:
    """One playable file of a video, as the learner's player lists it."""

    url: str
    mime_type: str
    height: int | None
    size_bytes: int | None


class Video(ReviewedMixin, index.Indexed, ClusterableModel):
    """An uploaded video, shared by every language; captions are per language.

    Learners never download the upload itself once it is transcoded: they get small H.264
    renditions (240p first) made by ``curriculum.transcoding``. Authors' changes are drafts
    until a reviewer approves them (``ReviewedMixin``).
    """

    kept_from_database = ("duration_seconds",)  # measured by the converter

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the converter")
        PROCESSING = "processing", _("Converting")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("video file"),
        upload_to="videos/original/%Y/%m/",
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS), validate_video_size],
        help_text=_("MP4, MOV or WebM."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        editable=False,
        help_text=_(
            "After each upload the video is converted into small versions for slow "
            "connections. This can take a few minutes."
        ),
    )
    error = models.TextField(_("processing error"), blank=True, editable=False)
    poster = models.ImageField(
        _("poster image"), upload_to="videos/posters/", blank=True, editable=False
    )
    # When the conversion was last sent to the workers, and how many times Celery beat sent
    # it again (``curriculum.queueing.videos_requeue_stale``).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)
    queue_attempts = models.PositiveSmallIntegerField(
        _("times queued again"), default=0, editable=False
    )
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        FieldPanel("status", read_only=True),
        FieldPanel("error", read_only=True),
        InlinePanel("captions", heading=_("Caption tracks"), label=_("Caption track")),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        file_changed = self._file_changed(kwargs.get("update_fields"))
        if file_changed:
            self.status = self.Status.PENDING
            self.error = ""
            self.queued_at = timezone.now()
            self.queue_attempts = 0
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"], "status", "error", "queued_at", "queue_attempts",
                }  # fmt: skip
        super().save(*args, **kwargs)
        if file_changed and self.file:  # nothing to convert yet (a demo video not drawn yet)
            # Imported here: the tasks import the services, which import these models.
            from curriculum.queueing import task_send_on_commit
            from curriculum.tasks import video_transcode_task

            # After commit, so the worker sees the new file. A broker outage is logged and
            # leaves the video pending (Celery beat sends it again), never failing the save.
            task_send_on_commit(task=video_transcode_task, args=(self.pk,))

    def _file_changed(self, update_fields: Collection[str] | None) -> bool:
        if update_fields is not None and "file" not in update_fields:
            return False
        if self._state.adding or not self.file or not self.file._committed:
            return True
        # Asking the database rather than remembering the loaded name: refresh_from_db and
        # code that assigns a stored name directly would otherwise slip past.
        return not type(self).objects.filter(pk=self.pk, file=self.file.name).exists()

    @cached_property
    def sources(self) -> list[VideoSource]:
        """Playable files, smallest first: the renditions of a ready video, else none.

        Learners never get the upload itself: it may be hundreds of megabytes, in a format
        their phone cannot play, or carry the camera's location. Renditions of an earlier
        upload may linger while a new one is converted, so they too wait for "ready".
        """
        if self.status != self.Status.READY:
            return []
        return [
            VideoSource(r.file.url, "video/mp4", r.height, r.size_bytes)
            for r in self.renditions.all()
        ]

    @property
    def data_saver_sources(self) -> list[VideoSource]:
        """With data saver on, only the smallest rendition (240p): no quality to choose,
        nothing bigger to fetch by mistake."""
        return self.sources[:1]

    @property
    def being_prepared(self) -> bool:
        """Waiting for the converter or being converted: learners are told to come back."""
        return self.status in (self.Status.PENDING, self.Status.PROCESSING)

    @property
    def duration_clock(self) -> str:
        """The duration as m:ss, the way phone players show it."""
        if not self.duration_seconds:
            return ""
        minutes, seconds = divmod(round(self.duration_seconds), 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def duration_iso(self) -> str:
        """The duration for ``<time datetime>``."""
        return f"PT{round(self.duration_seconds or 0)}S"


class VideoRendition(models.Model):
    """A small H.264/AAC MP4 of a video, written only by ``curriculum.transcoding``."""

    class Height(models.IntegerChoices):
        P240 = 240, "240p"
        P360 = 360, "360p"

    video = models.ForeignKey(
        Video, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("video")
    )
    height = models.PositiveSmallIntegerField(_("height (pixels)"), choices=Height.choices)
    bitrate_kbps = models.PositiveIntegerField(_("bitrate (kbit/s)"))
    file = models.FileField(_("file"), upload_to="videos/renditions/", max_length=255)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("video rendition")
        verbose_name_plural = _("video renditions")
        ordering = ["height"]
        constraints = [
            models.UniqueConstraint(
                fields=["video", "height"], name="curriculum_videorendition_one_per_height"
            )
        ]

    def __str__(self) -> str:
        return f"{self.video} ({self.get_height_display()})"


class VideoCaption(Orderable):
    video = ParentalKey(Video, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(
        _("WebVTT file"),
        upload_to="videos/captions/%Y/%m/",
        validators=[FileExtensionValidator(["vtt"]), validate_webvtt],
    )

    panels = [FieldPanel("language"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "language"], name="curriculum_videocaption_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.video} ({self.get_language_display()})"
