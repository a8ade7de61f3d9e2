"""Leases: a job whose worker died is interrupted for its owner to run again, or run again by itself when it
writes nothing but its result."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.runner import jobs_reap
from jobs.services import job_restart


def dead(kind, by, attempts=1, **fields):
    return Job.objects.create(kind=kind, created_by=by, status=JobStatus.RUNNING, attempts=attempts,
                              lease_until=timezone.now() - datetime.timedelta(seconds=1), **fields)


def test_an_expired_export_runs_again_by_itself_once(officer_a, django_capture_on_commit_callbacks):
    job = dead("person_export", officer_a, params={"query": ""})
    alive = Job.objects.create(kind="person_export", created_by=officer_a, status=JobStatus.RUNNING,
                               lease_until=timezone.now() + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    alive.refresh_from_db()
    assert alive.status == JobStatus.RUNNING  # its worker still renews the lease
    twice = dead("person_export", officer_a, attempts=2)
    jobs_reap()
    twice.refresh_from_db()
    assert twice.status == JobStatus.INTERRUPTED  # once only


def test_an_interrupted_import_is_run_again_by_its_owner_only(client, api_client_for, officer_a, officer_b):
    job = dead("import", officer_a, import_kind="households", step="apply")
    client.force_login(officer_a)
    page = client.get(f"/tac-vu/{job.pk}/").content.decode()  # reading the list reaps it
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED and "Chạy lại" in page and "chưa dòng nào được ghi" in page
    with pytest.raises(PermissionDenied):
        job_restart(by=officer_b, job=job)
    response = api_client_for(officer_a).post(f"/api/v1/jobs/{job.pk}/restart/")
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status in (JobStatus.PENDING, JobStatus.FAILED, JobStatus.INVALID)  # queued (and run: no file)
    assert api_client_for(officer_a).post(f"/api/v1/jobs/{job.pk}/restart/").status_code == 409
