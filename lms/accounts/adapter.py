from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from lms.core.roles import user_is_learner, user_may_author, user_may_facilitate

from . import guard
from .adapter_mixins import LocalisedMessagesMixin, PasswordChoiceMixin
from .validators import username_normalise, validate_username_script


class AccountAdapter(LocalisedMessagesMixin, PasswordChoiceMixin, DefaultAccountAdapter):
    """After logging in, people land on their own page in their own language: facilitators
    and managers on their groups, authors and reviewers in the admin, learners on their
    path. A ``next`` in the request still wins (allauth asks the adapter only without one)."""

    def get_login_redirect_url(self, request):
        user = request.user
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            # By name only: accounts sits below the facilitation app and must not import it.
            if user_may_facilitate(user=user):
                return reverse("facilitation:groups")
            if user_may_author(user=user) and not user_is_learner(user=user):
                return reverse("wagtailadmin_home")
            return reverse("learner:path")

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def authentication_failed(self, request, **credentials):
        # The login guard refused the attempt (too many failures): say so, not "wrong password".
        if guard.was_locked(request):
            raise self.validation_error("too_many_login_attempts")

    def clean_username(self, username, shallow=False):
        """Sign-up compares and stores the normalised name, in one alphabet."""
        username = username_normalise(username)
        validate_username_script(username)
        return super().clean_username(username, shallow=shallow)
