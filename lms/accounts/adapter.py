from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from lms.core.roles import user_may_facilitate

from .validators import username_normalise, validate_username_script


class AccountAdapter(DefaultAccountAdapter):
    """After logging in, people land on their own page in their own language: facilitators
    and managers on their groups, everyone else on their learning path."""

    def get_login_redirect_url(self, request):
        user = request.user
        language = getattr(user, "preferred_language", None) or translation.get_language()
        staff = user_may_facilitate(user=user)
        with translation.override(language):
            # By name only: accounts sits below the facilitation app and must not import it.
            return reverse("facilitation:groups" if staff else "learner:path")

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def clean_username(self, username, shallow=False):
        """Sign-up compares and stores the normalised name, in one alphabet."""
        username = username_normalise(username)
        validate_username_script(username)
        return super().clean_username(username, shallow=shallow)
