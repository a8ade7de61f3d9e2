"""Lock an account out after repeated failed sign-ins, on the page and on the API alike.

``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_LOCKOUT_MINUTES`` lock the username
for that long: even the right password is refused until the window has passed. Each
failure and each refusal is logged (username and IP, nothing else). Failures are kept
in the database, so every web process and host sees the same count.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginFailure
from accounts.tokens import tokens_revoke_all

logger = logging.getLogger("accounts.security")


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(username: str) -> bool:
    if not username:
        return False
    recent = LoginFailure.objects.filter(username__iexact=username, at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def lockout_message() -> str:
    return _("Đăng nhập sai quá %(n)s lần: tài khoản tạm khoá %(m)s phút. Hãy thử lại sau hoặc liên hệ quản trị.") % {
        "n": settings.LOGIN_FAILURE_LIMIT, "m": settings.LOGIN_LOCKOUT_MINUTES}


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class LockoutModelBackend(ModelBackend):
    """The normal username/password check, refused while the username is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get(self._username_field())
        if is_locked(username):
            logger.warning("sign-in refused, locked out: username=%s ip=%s", username, _ip(request))
            raise PermissionDenied(lockout_message())  # stops the chain; Django reports a failed sign-in
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        return get_user_model().USERNAME_FIELD


@receiver(user_login_failed)
def record_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    LoginFailure.objects.create(username=username, ip=_ip(request))
    logger.warning("sign-in failed: username=%s ip=%s", username, _ip(request))
    if is_locked(username):  # someone is guessing: the account's API tokens stop working too
        tokens_revoke_all(username)


@receiver(user_logged_in)
def clear_failures(sender, user, request=None, **kwargs):
    LoginFailure.objects.filter(username__iexact=user.get_username()).delete()
