"""API tokens: issued at each sign-in, expiring, revocable by their owner (accounts.ApiToken)."""

import datetime
import functools
import hashlib
import secrets

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken, User
from areas.models import Area

TOUCH_EVERY = datetime.timedelta(minutes=5)  # ``last_used_at`` is rewritten at most this often


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User, ip: str | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` (never the same one twice); the key is returned once and only its hash kept."""
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, key_hash=_digest(key), prefix=key[:8], created_ip=ip,
                                    expires_at=timezone.now() + datetime.timedelta(hours=settings.API_TOKEN_HOURS))
    return token, key


def token_revoke(*, by: User, token_id: int) -> None:
    """Revoke one of ``by``'s own tokens (someone else's: not found)."""
    deleted, _ = ApiToken.objects.filter(user=by, pk=token_id).delete()
    if not deleted:
        raise ApiToken.DoesNotExist


def tokens_revoke_all(username: str) -> int:
    """Every token of the account ``username`` (a lockout)."""
    return ApiToken.objects.filter(user__username__iexact=username).delete()[0]


@functools.cache
def _lookup_sql() -> str:
    """One statement for the token, its user and the user's unit, with every column of the three models
    (read from their ``_meta``, so a new field is read too). Written out once instead of compiled by the ORM
    on every API request: 0.19 instead of 0.58 ms (docs/performance.md, issue 19)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"{alias}.{quote(field.column)}" for alias, model in (("t", ApiToken), ("u", User), ("a", Area))
                        for field in model._meta.concrete_fields)
    return (f"SELECT {columns} FROM {quote(ApiToken._meta.db_table)} t "
            f"JOIN {quote(User._meta.db_table)} u ON u.id = t.user_id "
            f"LEFT JOIN {quote(Area._meta.db_table)} a ON a.id = u.area_id WHERE t.key_hash = %s")


def token_by_key(key: str) -> ApiToken | None:
    """The token whose key is ``key``, with ``token.user`` and ``token.user.area`` loaded; None if unknown."""
    with connection.cursor() as cursor:
        cursor.execute(_lookup_sql(), [_digest(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for model in (ApiToken, User, Area):
        fields = model._meta.concrete_fields
        values = row[start:start + len(fields)]
        start += len(fields)
        instances.append(None if values[0] is None else
                         model.from_db(connection.alias, [f.attname for f in fields], values))
    token, user, area = instances
    user.area = area
    token.user = user
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` as before; an expired, revoked or unknown key is 401."""

    def authenticate_credentials(self, key):
        token = token_by_key(key)
        now = timezone.now()
        if token is None or token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã hết hạn: hãy đăng nhập lại."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã ngừng hoạt động."))
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
