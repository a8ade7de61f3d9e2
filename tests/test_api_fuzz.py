"""API fuzzing: schemathesis generates requests from the OpenAPI schema for every operation.

Bounded (a few examples per operation) so that it runs in `make test`. Checks: no 5xx,
status codes, content types and response bodies as the schema documents them.
"""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import Role
from tests.factories import make_area, make_household, make_person, make_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))  # more for a longer hunt: FUZZ_EXAMPLES=100


@pytest.fixture(scope="session")
def api_schema():
    from drf_spectacular.generators import SchemaGenerator

    raw = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    return schemathesis.openapi.from_dict(raw)


@pytest.fixture
def token(db):
    from accounts.tokens import token_issue

    province = make_area("24", "Tỉnh Bắc Ninh")
    commune = make_area("07210", "Phường Bắc Giang", parent=province, kind="phuong")
    household = make_household(commune, code="HFUZZ")
    make_person(commune, household=household, full_name="Người Thử")
    user = make_user(Role.SO_LEADER, province, username="fuzz")
    return token_issue(user=user)[1]


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.django_db
def test_api_answers_as_documented(api_schema, token, settings):
    """Every operation, a few generated requests each; all failures are reported together."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    api_schema.app = WSGIHandler()  # built now, with this test's settings (plain HTTP)
    # As Django's test client does: a request must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 (collect every operation's failure)
            text = str(exc)
            useful = [line.strip() for line in text.splitlines()
                      if line.strip().startswith(("- ST", "Received", "curl", "null is", "Schema at"))]
            failures.append(f"{operation.method.upper()} {operation.path}: " + " | ".join(useful or [text[:400]]))
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)
