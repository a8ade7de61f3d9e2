"""Lockout after repeated failed sign-ins, on the page and the API; the failures are logged."""

import datetime
import logging

import pytest
from django.utils import timezone

from accounts.models import LoginFailure, Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-dung-2026"


@pytest.fixture
def officer(tree):
    user = make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="canbo.khoa")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, password):
    return client.post("/dang-nhap/", {"username": "canbo.khoa", "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, officer, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.security"):
        for _ in range(5):
            assert login(client, "sai").status_code == 200
    assert sum("sign-in failed: username=canbo.khoa" in m for m in caplog.messages) == 5
    assert not any(PASSWORD in m for m in caplog.messages)
    refused = login(client, PASSWORD)
    assert refused.status_code == 200 and "tài khoản tạm khoá 15 phút" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    api = client.post("/api/v1/auth/token/", {"username": "canbo.khoa", "password": PASSWORD},
                      content_type="application/json")
    assert api.status_code == 429 and "tạm khoá" in api.json()["detail"]
    # the window passes
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert login(client, PASSWORD).status_code == 302
    assert LoginFailure.objects.count() == 0  # a successful sign-in clears the count


def test_failures_of_one_account_do_not_lock_another(client, officer, tree):
    other = make_user(Role.COMMUNE_OFFICER, tree["tay_yen_tu"], username="canbo.khac")
    other.set_password(PASSWORD)
    other.save()
    for _ in range(6):
        login(client, "sai")
    assert client.post("/dang-nhap/", {"username": "canbo.khac", "password": PASSWORD}).status_code == 302


def test_api_failures_count_too(api_client, officer):
    for _ in range(5):
        assert api_client.post("/api/v1/auth/token/", {"username": "canbo.khoa", "password": "x"},
                               format="json").status_code == 400
    assert api_client.post("/api/v1/auth/token/", {"username": "canbo.khoa", "password": PASSWORD},
                           format="json").status_code == 429
