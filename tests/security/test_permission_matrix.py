"""Every route × every role (and anonymous, and the officer of another commune) → the expected status.

The routes come from the URL configuration: a new route without an entry in
``permission_matrix.txt`` fails this test. Each request runs in a savepoint that is
rolled back, so every role meets the same records. Writes are sent with an empty body:
a role that may act gets past the permission checks (400, 409, a redirect…), one that
may not gets 401/403/404.

After reviewing a change of the table, regenerate it with
``MATRIX_WRITE=1 .venv/bin/pytest tests/security/test_permission_matrix.py``.
"""

import os
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from tests.security.matrix_world import ROLES, build_world, methods_of, routes, url_for

TABLE = Path(__file__).with_name("permission_matrix.txt")
pytestmark = pytest.mark.django_db


def read_table() -> dict[str, list[int]]:
    table = {}
    for line in TABLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, codes = line.split("|")
            table[key.strip()] = [int(c) for c in codes.split()]
    return table


def call(client: Client, method: str, url: str) -> int:
    if method == "GET":
        return client.get(url).status_code
    if url.startswith("/api/"):
        return getattr(client, method.lower())(url, data={}, content_type="application/json").status_code
    return client.post(url, {}).status_code


def test_every_route_answers_every_role_as_expected(tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # jobs are not run
    users, objects = build_world(tree)
    clients = {"anon": Client(HTTP_HOST="localhost")}
    for role, user in users.items():
        clients[role] = Client(HTTP_HOST="localhost")
        clients[role].force_login(user)
    cookies = {role: client.cookies.get(settings.SESSION_COOKIE_NAME) for role, client in clients.items()}
    actual = {}
    for name, path, callback in routes():
        url = url_for(name, path, objects)
        for method in methods_of(callback):
            if name == "logout" and method == "GET":
                continue
            codes = []
            for role in ROLES:
                with transaction.atomic():
                    codes.append(call(clients[role], method, url))
                    transaction.set_rollback(True)  # the session row a logout deleted comes back…
                if cookies[role] is not None:  # …and so does the client's cookie
                    clients[role].cookies[settings.SESSION_COOKIE_NAME] = cookies[role].value
            actual[f"{name} {method}"] = codes
    if os.environ.get("MATRIX_WRITE"):
        lines = [f"# {' '.join(ROLES)}"] + [f"{key:<48}| {' '.join(map(str, codes))}"
                                            for key, codes in sorted(actual.items())]
        TABLE.write_text("\n".join(lines) + "\n")
    expected = read_table()
    missing = sorted(set(actual) - set(expected))
    assert not missing, f"routes with no entry in {TABLE.name}: {missing}"
    wrong = {key: (expected[key], codes) for key, codes in actual.items() if expected[key] != codes}
    assert not wrong, "\n".join(f"{k}: expected {e}, got {a}  ({' '.join(ROLES)})" for k, (e, a) in wrong.items())
    stale = sorted(set(expected) - set(actual))
    assert not stale, f"entries for routes that no longer exist: {stale}"
