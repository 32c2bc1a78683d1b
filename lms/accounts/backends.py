from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import guard
from .forms import normalise_phone
from .models import User


class LoginGuardBackend:
    """First of the authentication backends: refuses every password check, from any login
    form, while the account or the connection is locked by failed attempts (see ``guard``).

    Raising ``PermissionDenied`` stops Django's ``authenticate()`` before any later backend
    looks at the password, so the right password is refused too until the lock expires. It
    never authenticates anyone itself; being first, it is the backend Django's ``force_login``
    picks, so it loads a session's user as ``ModelBackend`` does."""

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        if guard.login_is_locked(request=request, credentials=credentials):
            guard.mark_locked(request)
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        return ModelBackend().get_user(user_id)


class PhoneBackend(ModelBackend):
    """Log in with the phone number given at sign-up, as an alternative to the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        phone = normalise_phone(username)
        if len(phone.lstrip("+")) < 8:
            return None
        user = User.objects.filter(phone=phone).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
