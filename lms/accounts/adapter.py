from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """After logging in, people land on their own page in their own language."""

    def get_login_redirect_url(self, request):
        user = request.user
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            return reverse("learner:path")

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)
