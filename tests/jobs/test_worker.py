"""With the database backend, a job waits in PostgreSQL until a `db_worker` process runs it."""

import pytest
from django.core.management import call_command

from jobs.models import JobStatus
from jobs.services import import_start
from tests.helpers import PERSONS_HEADER, person_row, upload, xlsx

# The worker closes and reopens its connection: the job must be committed, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_backend(settings):
    """The production set-up: django-tasks resets its backends when the setting changes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_import_is_run_by_the_worker(officer_a, database_backend):
    job = import_start(by=officer_a, kind="households", file=upload(xlsx(PERSONS_HEADER, [person_row()])))
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING  # queued, not run
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.counts["persons"] == 1
