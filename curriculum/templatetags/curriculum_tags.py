from django import template

from curriculum import api
from curriculum.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str):
    """Render author Markdown as sanitised HTML."""
    return render_markdown(value or "")


@register.simple_tag(takes_context=True)
def translation_url(context, page, language_code: str) -> str:
    """Where the language switch leads from ``page``: its live translation in
    ``language_code``, else that language's home."""
    url = api.page_translation_url(
        page=page, language=language_code, request=context.get("request")
    )
    return url or f"/{language_code}/"
