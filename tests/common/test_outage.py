"""Which database errors mean "the database is away" (503) and which are a query's own failure (500)."""

import pytest
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test import RequestFactory

from common.middleware import DatabaseUnavailableMiddleware
from common.outage import database_unavailable


def error_of(sql: str) -> DatabaseError:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '50ms'")
        cursor.execute(sql)
    return caught.value


@pytest.mark.django_db
def test_a_statement_timeout_or_a_bad_query_is_not_an_outage():
    assert not database_unavailable(error_of("SELECT pg_sleep(1)"))  # 57014, the class of a shutdown
    assert not database_unavailable(error_of("SELECT 1/0"))
    assert not database_unavailable(ValueError("no"))


@pytest.mark.django_db
def test_a_server_shutting_down_or_unreachable_is_an_outage():
    other = connection.copy()
    other.ensure_connection()
    pid = other.connection.info.backend_pid
    with connection.cursor() as cursor:  # what a restart does to every session: 57P01 admin_shutdown
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(DatabaseError) as caught, other.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert database_unavailable(caught.value)
    other.close()
    unreachable = connection.copy()
    unreachable.settings_dict = {**connection.settings_dict, "HOST": "/nonexistent", "PORT": "1"}
    with pytest.raises(OperationalError) as caught:
        unreachable.ensure_connection()
    assert database_unavailable(caught.value)


def test_the_middleware_answers_503_in_json_for_the_api_and_a_page_elsewhere():
    error = OperationalError("connection failed")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    api = middleware.process_exception(RequestFactory().get("/api/v1/persons/"), error)
    assert api.status_code == 503 and api["Retry-After"] == "30" and b"database_unavailable" in api.content
    page = middleware.process_exception(RequestFactory().get("/doi-tuong/"), error)
    assert page.status_code == 503 and "không kết nối được cơ sở dữ liệu" in page.content.decode()
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("a bug")) is None


def test_the_outage_page_is_still_an_answer_when_its_template_cannot_render(settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # nothing collected
    page = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        RequestFactory().get("/doi-tuong/"), OperationalError("connection failed"))
    assert page.status_code == 503 and "không kết nối được cơ sở dữ liệu" in page.content.decode()
