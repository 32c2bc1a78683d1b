from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

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


class Video(index.Indexed, ClusterableModel):
    """An uploaded video, shared by every language; captions are per language."""

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("video file"),
        upload_to="videos/original/%Y/%m/",
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS), validate_video_size],
        help_text=_("MP4, MOV or WebM."),
    )
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        InlinePanel("captions", heading=_("Caption tracks"), label=_("Caption track")),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


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
