from django.contrib.auth.backends import ModelBackend

from .forms import normalise_phone
from .models import User


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
