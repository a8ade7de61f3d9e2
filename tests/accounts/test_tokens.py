"""API tokens expire, are new at each sign-in, die with a new password, a deactivation or a lockout, and their
owner lists and revokes them."""

import datetime

from django.utils import timezone

from accounts.models import ApiToken, Role
from accounts.tokens import token_by_key, token_issue
from tests.factories import make_user

PASSWORD = "mat-khau-thu-nghiem"


def sign_in(api_client, username, password=PASSWORD):
    return api_client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    status = api_client.get("/api/v1/auth/me/").status_code
    api_client.credentials()
    return status


def test_each_sign_in_issues_a_new_expiring_token(api_client, officer_a, settings):
    first, second = sign_in(api_client, "canbo.a").json(), sign_in(api_client, "canbo.a").json()
    assert first["token"] != second["token"]
    assert me(api_client, first["token"]) == me(api_client, second["token"]) == 200
    expires = datetime.datetime.fromisoformat(first["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_HOURS)) < datetime.timedelta(
        minutes=1)
    assert not ApiToken.objects.filter(key_hash=first["token"]).exists()  # only the hash is stored
    ApiToken.objects.filter(prefix=first["token"][:8]).update(expires_at=timezone.now())
    assert me(api_client, first["token"]) == 401 and me(api_client, second["token"]) == 200


def test_a_new_password_or_a_deactivation_revokes_every_token(api_client, officer_a):
    key = sign_in(api_client, "canbo.a").json()["token"]
    officer_a.set_password("mat-khau-moi-2026")
    officer_a.save()
    assert me(api_client, key) == 401
    key = sign_in(api_client, "canbo.a", "mat-khau-moi-2026").json()["token"]
    officer_a.is_active = False
    officer_a.save()
    assert me(api_client, key) == 401 and not ApiToken.objects.filter(user=officer_a).exists()


def test_a_lockout_revokes_the_tokens(api_client, officer_a, settings):
    key = sign_in(api_client, "canbo.a").json()["token"]
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(api_client, "canbo.a", "sai")
    assert me(api_client, key) == 401
    assert sign_in(api_client, "canbo.a").status_code == 429


def test_a_user_lists_and_revokes_their_own_tokens_only(api_client, officer_a, tree):
    keys = [sign_in(api_client, "canbo.a").json()["token"] for _ in range(2)]
    other = make_user(Role.COMMUNE_OFFICER, tree["tay_yen_tu"], username="canbo.x")
    other_key = sign_in(api_client, other.username).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {keys[0]}")
    listed = api_client.get("/api/v1/auth/tokens/").json()
    assert len(listed) == 2 and [t["current"] for t in listed].count(True) == 1
    assert {t["prefix"] for t in listed} == {k[:8] for k in keys}
    theirs = ApiToken.objects.get(user=other).pk
    assert api_client.delete(f"/api/v1/auth/tokens/{theirs}/").status_code == 404
    mine = next(t["id"] for t in listed if not t["current"])
    assert api_client.delete(f"/api/v1/auth/tokens/{mine}/").status_code == 204
    api_client.credentials()
    assert me(api_client, keys[1]) == 401 and me(api_client, keys[0]) == 200 and me(api_client, other_key) == 200


def test_a_token_is_read_with_its_user_and_unit_in_one_query(officer_a, django_assert_num_queries):
    """The hand-written lookup (accounts.tokens.token_by_key) loads every field the ORM would, in one query;
    an unknown key is nothing, and a user without a unit (an administrator) has none."""
    token, key = token_issue(user=officer_a)
    with django_assert_num_queries(1):
        found = token_by_key(key)
        user, area = found.user, found.user.area
    expected = ApiToken.objects.select_related("user", "user__area").get(pk=token.pk)
    for got, want in ((found, expected), (user, expected.user), (area, expected.user.area)):
        assert type(got) is type(want) and got.pk == want.pk
        assert all(getattr(got, f.attname) == getattr(want, f.attname) for f in want._meta.concrete_fields)
    assert not found._state.adding and user.area.path == officer_a.area.path
    assert token_by_key(key[:-1] + ("0" if key[-1] != "0" else "1")) is None
    admin = make_user(Role.ADMIN, None, username="quantri.t")
    assert token_by_key(token_issue(user=admin)[1]).user.area is None
