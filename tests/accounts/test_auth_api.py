import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from tests.factories import make_user


def test_token_for_good_credentials_then_token_auth(api_client, officer_a):
    response = api_client.post("/api/v1/auth/token/", {"username": "canbo.a", "password": "mat-khau-thu-nghiem"},
                               format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/auth/me/").json()
    assert me == {"id": officer_a.id, "username": "canbo.a", "full_name": "", "role": "commune_officer",
                  "area": "07210", "agency": ""}


def test_token_refused_for_a_wrong_password(api_client, officer_a):
    response = api_client.post("/api/v1/auth/token/", {"username": "canbo.a", "password": "sai"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_refused_for_a_disabled_account(api_client, officer_a):
    officer_a.is_active = False
    officer_a.save()
    response = api_client.post("/api/v1/auth/token/", {"username": "canbo.a", "password": "mat-khau-thu-nghiem"},
                               format="json")
    assert response.status_code == 400


def test_a_bad_token_is_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0000")
    assert api_client.get("/api/v1/areas/").status_code == 401


def _api_paths():
    """Every API v1 route, with sample arguments, read from the URL conf."""
    paths = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith("api/v1/") and "format" not in route:
                    route = re.sub(r"\(\?P<\w+>[^)]+\)|<\w+>", "24", route)
                    paths.append("/" + route.replace("^", "").replace("$", ""))
    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


@pytest.mark.parametrize("path", _api_paths())
def test_anonymous_is_refused_everywhere_but_the_token_endpoint(api_client, tree, path):
    if path == "/api/v1/auth/token/":
        assert api_client.get(path).status_code == 405  # POST only, open by design
        return
    response = api_client.get(path)
    assert response.status_code == 401, path


def test_schema_and_docs_for_signed_in_staff(api_client_for, tree):
    client = api_client_for(make_user(Role.SO_SPECIALIST, tree["bac_ninh"]))
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/areas/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served from our own static files
