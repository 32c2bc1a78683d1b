from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "curriculum/blocks/image.html"
        preview_value = {"alt_text": _("An image"), "caption": _("A caption")}


class VideoChooserBlock(SnippetChooserBlock):
    """Loads every video of a stream, with its caption tracks and renditions, in three
    queries in all."""

    def bulk_to_python(self, values):
        objects = self.model_class.objects.prefetch_related("captions", "renditions").in_bulk(
            values
        )
        return [objects.get(pk) for pk in values]


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock("curriculum.Video", label=_("Video"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    required = blocks.BooleanBlock(
        label=_("Required to complete the session"), required=False, default=True
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "curriculum/blocks/video.html"
        preview_value = {"caption": _("A short video"), "required": True}


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    description = blocks.TextBlock(label=_("Description"), required=False, rows=2)

    class Meta:
        icon = "download"
        label = _("Downloadable resource")
        template = "curriculum/blocks/resource.html"
        preview_value = {"title": _("Worksheet"), "description": _("Print it or copy it by hand.")}
