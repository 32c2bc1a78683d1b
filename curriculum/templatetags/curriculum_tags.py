from django import template

from curriculum import api
from curriculum.markdown import render_markdown
from curriculum.sizes import megabytes

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str):
    """Render author Markdown as sanitised HTML."""
    return render_markdown(value or "")


@register.filter(name="megabytes")
def megabytes_filter(size_bytes):
    """A size in bytes as "4,2 MB" in the page's language (``curriculum.sizes``)."""
    return megabytes(size_bytes)


@register.simple_tag
def video_sources(video, data_saver=False):
    """The files a learner's player lists: with data saver only the 240p rendition."""
    if video is None:
        return []
    return video.data_saver_sources if data_saver else video.sources


@register.simple_tag(takes_context=True)
def translation_url(context, page, language_code: str) -> str:
    """Where the language switch leads from ``page``: its live translation in
    ``language_code``, else that language's home."""
    url = api.page_translation_url(
        page=page, language=language_code, request=context.get("request")
    )
    return url or f"/{language_code}/"
