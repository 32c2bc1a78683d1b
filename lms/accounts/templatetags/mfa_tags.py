from django import template

from lms.accounts.mfa import mfa_offered_to

register = template.Library()


@register.filter
def mfa_offered(user) -> bool:
    """Whether the site chrome shows ``user`` the link to two-step verification."""
    return mfa_offered_to(user=user)
