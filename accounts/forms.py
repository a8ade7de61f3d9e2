from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.lockout import is_locked, lockout_message


class LoginForm(AuthenticationForm):
    """The sign-in form; a locked-out username is told so (and for how long) instead of 'wrong password'."""

    def clean(self):
        if is_locked(self.cleaned_data.get("username")):
            raise ValidationError(lockout_message(), code="locked")
        return super().clean()
