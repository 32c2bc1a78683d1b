from django import template
from django.conf import settings

from lms.core.links import url_for
from lms.core.navigation import NavLink, nav_links
from lms.core.roles import user_may_facilitate

register = template.Library()


@register.filter
def swap_language(path: str, language_code: str) -> str:
    """The same path under another language prefix: /pt-br/learn/ → /es/learn/."""
    codes = {code for code, _name in settings.LANGUAGES}
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in codes:
        return "/".join(["", language_code, *parts[2:]])
    return f"/{language_code}{path}"


@register.filter
def may_facilitate(user) -> bool:
    """Whether to show the facilitation area in the menu."""
    return user_may_facilitate(user=user)


@register.simple_tag
def link(viewname: str, *args) -> str:
    """``{% url %}`` for pages with many links: the same URL, reversed once per process."""
    return url_for(viewname, *args)


@register.simple_tag(takes_context=True)
def site_nav(context) -> list[NavLink]:
    """The menu for the person viewing the page (empty for visitors and without a request,
    as on error pages rendered without one)."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return []
    return nav_links(user=request.user, path=request.path)
