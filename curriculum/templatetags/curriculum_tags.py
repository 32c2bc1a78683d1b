from django import template

from curriculum.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str):
    """Render author Markdown as sanitised HTML."""
    return render_markdown(value or "")
