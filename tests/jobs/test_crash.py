"""A real db_worker process killed (SIGKILL) in the middle of an import: nothing written, the job interrupted
once its lease runs out, its progress seen from another connection while it ran, and a second run succeeds."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from beneficiaries.models import Person
from jobs.models import Job, JobStatus
from jobs.runner import jobs_reap
from jobs.services import import_confirm, import_start, job_restart
from tests.helpers import PERSONS_HEADER, person_row, upload, xlsx
from tests.processes import database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROWS = 25_000
BASE_DIR = Path(django_settings.BASE_DIR)


def test_a_worker_killed_mid_import_writes_nothing_and_the_job_runs_again(officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [person_row(household=f"HK{i:06d}", name=f"Người Thứ {i}") for i in range(ROWS)]
    job = import_start(by=officer_a, kind="households", file=upload(xlsx(PERSONS_HEADER, rows)))
    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.message  # checked in the request (immediate backend)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    import_confirm(by=officer_a, job=job)
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database", "JOB_LEASE_SECONDS": "3",
           "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
                              cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # the progress of the write, read here while the worker's transaction is still open
        seen = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, done__gt=0,
                                                   message__startswith="Đang ghi")
                        .values_list("message", "done").first(), 120)
        assert seen and 0 < seen[1] < ROWS, seen
        assert Person.objects.count() == 0  # nothing committed yet
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # nobody told the database: the lease will
    assert wait_for(lambda: jobs_reap() or Job.objects.filter(pk=job.pk, status=JobStatus.INTERRUPTED).exists(),
                    10)
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED and Person.objects.count() == 0
    job_restart(by=officer_a, job=job)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 3  # the check, the killed write, this one
    assert Person.objects.count() == ROWS
