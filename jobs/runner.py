"""Running a job: the django-tasks task, its lease, progress reporting, and the work of each kind.

A job is claimed once (pending → running, by a conditional UPDATE), so a task
enqueued twice runs once. Writes happen in one transaction: a job that fails
changes nothing, and says why. While it runs, a thread of the worker renews its
lease and writes its progress on its own database connection, so both are seen
while the job's transaction is still open; a job whose lease ran out had its
worker die (its transaction rolled back): ``jobs_reap`` marks it interrupted.
"""

import datetime
import logging
import os
import socket
import threading
import time
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from common.audit import acting_as
from common.exceptions import DomainError
from common.importing import ImportFileError, marked_copy, parse, read_cells
from jobs import registry
from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)


class Lease(threading.Thread):
    """Renews a running job's lease and writes its latest progress, on this thread's own connection."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True, name=f"lease-{job_id}")
        self.job_id, self.stopped, self.wake = job_id, threading.Event(), threading.Event()
        self.pending: dict | None = None
        self.lock = threading.Lock()

    def report(self, **fields) -> None:
        with self.lock:
            self.pending = fields
        self.wake.set()

    def run(self) -> None:
        interval = max(settings.JOB_LEASE_SECONDS / 3, 0.2)
        last_renewal = 0.0
        try:
            while not self.stopped.is_set():
                self.wake.wait(timeout=interval)
                self.wake.clear()
                with self.lock:
                    fields, self.pending = self.pending or {}, None
                if fields or time.monotonic() - last_renewal >= interval:
                    try:
                        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                            lease_until=_lease_end(), **fields)
                    except DatabaseError:  # the database is away: the job's own transaction fails with it
                        logger.warning("job %s: lease not renewed, the database is unreachable", self.job_id)
                        connection.close()
                        continue
                    last_renewal = time.monotonic()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()
        self.join(timeout=10)


_leases: dict[int, Lease] = {}


@task()
def run_job(job_id: int) -> str:
    """The django-tasks entry point: run job ``job_id`` if it is still waiting."""
    jobs_reap()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), message=_("Đang bắt đầu…"), done=0, total=0,
        lease_until=_lease_end(),
        attempts=models.F("attempts") + 1, worker=f"{socket.gethostname()}:{os.getpid()}"[:100])
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("created_by__area").get(pk=job_id)
    lease = _leases[job.pk] = Lease(job.pk)
    lease.start()
    try:
        if job.kind == registry.IMPORT:
            run_import(job)
        else:
            _finish_with(job, registry.job_type(job.kind).run(job, partial(progress, job)))
    except (ValidationError, PermissionDenied, DomainError) as exc:  # refused by the rules: say why
        _finish(job, JobStatus.FAILED, message=_message_of(exc))
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, message=_("Lỗi hệ thống (%(type)s): không có dữ liệu nào bị thay đổi.")
                % {"type": type(exc).__name__})
    finally:
        _leases.pop(job.pk, None)
        lease.stop()
    return Job.objects.values_list("status", flat=True).get(pk=job_id)


def jobs_reap() -> int:
    """Running jobs whose lease ran out (their worker died; their transaction was rolled back): run a
    result-only job once more by itself, mark the others interrupted for their owner to run again."""
    expired = Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=timezone.now())
    stopped = _("Tiến trình xử lý đã dừng đột ngột (khởi động lại máy, hết bộ nhớ…): chưa có dữ liệu nào bị thay "
                "đổi.")
    retry = list(expired.filter(kind__in=registry.retried_by_itself(), attempts__lt=2).values_list("pk", flat=True))
    if retry:
        Job.objects.filter(pk__in=retry, status=JobStatus.RUNNING).update(
            status=JobStatus.PENDING, lease_until=None, message=stopped + " " + _("Đang chạy lại."))
        for pk in retry:
            transaction.on_commit(lambda pk=pk: run_job.enqueue(pk))
    return len(retry) + expired.update(status=JobStatus.INTERRUPTED, lease_until=None, finished_at=timezone.now(),
                                       message=stopped + " " + _("Bấm “Chạy lại”."))


def _message_of(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)[:300]
    return str(getattr(exc, "detail", None) or exc)[:300]


def progress(job: Job, message: str, done: int = 0, total: int = 0) -> None:
    """Show where a job is, at once: written by the job's lease on its own connection, outside the job's
    transaction (directly when the job runs without a lease)."""
    fields = {"message": message[:300], "done": done, "total": total}
    lease = _leases.get(job.pk)
    if lease is not None and lease.is_alive():
        lease.report(**fields)
    else:
        Job.objects.filter(pk=job.pk).update(**fields)


def _finish(job: Job, status: str, *, message: str = "", **fields) -> None:
    lease = _leases.pop(job.pk, None)
    if lease is not None:  # no progress may land after the end
        lease.stop()
    fields.update(status=status, message=message[:300], finished_at=timezone.now(), lease_until=None)
    for name, value in fields.items():
        setattr(job, name, value)
    Job.objects.filter(pk=job.pk).update(**fields)


def _save_result(job: Job, name: str, content: bytes) -> dict:
    job.result.save(name, ContentFile(content), save=False)
    return {"result": job.result.name, "result_name": name}


def _finish_with(job: Job, outcome: registry.Outcome) -> None:
    fields = {"counts": outcome.counts, "result_url": outcome.url}
    if outcome.total is not None:
        fields.update(done=outcome.total, total=outcome.total)
    if outcome.file is not None:
        fields.update(_save_result(job, *outcome.file))
    _finish(job, JobStatus.SUCCEEDED, message=outcome.message, **fields)


# ------------------------------------------------------------------------------
# Imports: step "check" validates and previews; step "apply" re-checks and writes
# ------------------------------------------------------------------------------
def run_import(job: Job) -> None:
    spec = registry.import_spec(job.import_kind)
    by = job.created_by
    timing = {}
    started = time.perf_counter()
    progress(job, _("Đang đọc tệp…"))
    with job.upload.open("rb") as handle:
        content = handle.read()
    table = None
    try:
        cells = read_cells(job.upload_name, content)
        table = parse(spec, cells, max_rows=settings.IMPORT_MAX_ROWS)
    except ImportFileError as exc:
        _finish_invalid(job, spec, None, exc.errors, {})
        return
    timing["parse"] = round(time.perf_counter() - started, 3)
    errors = list(table.errors)
    rows = table.rows
    progress(job, _("Đang kiểm tra %(n)s dòng…") % {"n": len(rows)}, 0, len(rows))
    if job.step == "check":
        started = time.perf_counter()
        checking = _("Đang kiểm tra %(n)s dòng…") % {"n": len(rows)}
        counts = spec.check(rows, by=by, errors=errors,
                            report=lambda done: progress(job, checking, done, len(rows)))
        timing["check"] = round(time.perf_counter() - started, 3)
        if errors:  # what would be written means little while rows are refused
            _finish_invalid(job, spec, table, errors, {"rows": len(rows), "timing": timing})
        else:
            _finish(job, JobStatus.READY, message=_("Không có lỗi: %(n)s dòng sẵn sàng để nhập.") % {"n": len(rows)},
                    counts={"rows": len(rows), **counts, "timing": timing}, done=len(rows), total=len(rows))
        return
    if errors:  # a cell that cannot be read: nothing to write
        _finish_invalid(job, spec, table, errors, {"rows": len(rows), "timing": timing})
        return
    try:
        with transaction.atomic(), acting_as(by, source="import", job=job.pk):
            started = time.perf_counter()
            writing = _("Đang ghi %(n)s dòng…") % {"n": len(rows)}
            written = spec.import_rows(rows, by=by, errors=errors, submit=bool(job.params.get("submit")),
                                       report=lambda done: progress(job, writing, done, len(rows)))
            timing["check_and_write"] = round(time.perf_counter() - started, 3)
    except ImportFileError as exc:  # the records changed since the preview: nothing was written
        _finish_invalid(job, spec, table, exc.errors, {"rows": len(rows), "timing": timing})
        return
    spec.after_import(len(rows))
    _finish(job, JobStatus.SUCCEEDED, message=_("Đã nhập %(n)s dòng.") % {"n": len(rows)},
            counts={"rows": len(rows), **written, "timing": timing}, done=len(rows), total=len(rows))


def _finish_invalid(job, spec, table, errors, counts) -> None:
    errors = sorted(errors, key=lambda e: e.row)  # stable: a row's errors keep the order they were found in
    fields = {"counts": counts, "errors": [e.as_dict() for e in errors[:settings.JOB_ERRORS_KEPT]],
              "error_count": len(errors)}
    if table is not None:
        fields.update(_save_result(job, f"loi_{job.pk}.xlsx", marked_copy(spec, table, errors)))
    rows = len({e.row for e in errors})
    _finish(job, JobStatus.INVALID, message=_("%(e)s lỗi ở %(r)s dòng: chưa nhập dòng nào.")
            % {"e": len(errors), "r": rows}, **fields)
