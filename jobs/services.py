"""Starting, confirming and cancelling jobs; the one place that enqueues work."""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import require_role
from common.exceptions import TransitionNotAllowed
from jobs import registry
from jobs.models import Job, JobStatus
from jobs.runner import run_job

IMPORT_EXTENSIONS = (".xlsx", ".csv")


def _enqueue(job: Job) -> None:
    # After commit: a worker must find the job row; the immediate backend runs it right here.
    transaction.on_commit(lambda: run_job.enqueue(job.pk))


@transaction.atomic
def job_start(*, by: User, kind: str, params: dict) -> Job:
    """Queue a background job of a declared ``kind``; called by the owning app's service, which checked the
    user's role and scope (``payment_batch_generate_start``, ``person_export_start``…)."""
    if registry.job_type(kind) is None:
        raise ValueError(f"not a plain job kind: {kind}")
    job = Job.objects.create(kind=kind, params=params, created_by=by)
    _enqueue(job)
    return job


@transaction.atomic
def import_start(*, by: User, kind: str, file, submit: bool = False) -> Job:
    """Store an uploaded file and queue its check; nothing is imported before ``import_confirm``."""
    spec = registry.import_spec(kind)
    if spec is None:
        raise ValidationError({"kind": _("Loại dữ liệu nhập không hợp lệ.")})
    require_role(by, *spec.roles)
    if file is None:
        raise ValidationError({"file": _("Chọn tệp để tải lên.")})
    name = os.path.basename(file.name or "")
    if not name.lower().endswith(IMPORT_EXTENSIONS):
        raise ValidationError({"file": _("Chỉ nhận tệp .xlsx hoặc .csv.")})
    if file.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20}})
    if submit and not spec.can_submit:
        raise ValidationError({"submit": _("Loại dữ liệu này không có bước gửi Sở.")})
    job = Job(kind=registry.IMPORT, import_kind=kind, step="check", params={"submit": bool(submit)}, created_by=by,
              upload_name=name[:200])
    job.save()
    job.upload.save(f"nhap_{job.pk}_{name}", file, save=False)
    job.save(update_fields=["upload"])
    _enqueue(job)
    return job


def _lock_own(by: User, job: Job) -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != by.pk:
        raise PermissionDenied(_("Chỉ người tạo tác vụ mới được xác nhận, huỷ hoặc chạy lại."))
    return job


@transaction.atomic
def import_confirm(*, by: User, job: Job) -> Job:
    """Import a checked file: it is checked again and written all at once, or not at all."""
    job = _lock_own(by, job)
    if job.kind != registry.IMPORT or job.status != JobStatus.READY:
        raise TransitionNotAllowed(_("Chỉ xác nhận được tệp đã kiểm tra không có lỗi."),
                                   current=job.status, target=JobStatus.PENDING)
    job.status, job.step, job.confirmed_at = JobStatus.PENDING, "apply", timezone.now()
    job.message = _("Đã xác nhận, đang chờ ghi.")
    job.save(update_fields=["status", "step", "confirmed_at", "message", "updated_at"])
    _enqueue(job)
    return job


@transaction.atomic
def import_cancel(*, by: User, job: Job) -> Job:
    job = _lock_own(by, job)
    if job.status not in (JobStatus.READY, JobStatus.PENDING):
        raise TransitionNotAllowed(_("Không huỷ được tác vụ ở trạng thái này."), current=job.status,
                                   target=JobStatus.CANCELLED)
    job.status, job.finished_at, job.message = JobStatus.CANCELLED, timezone.now(), _("Đã huỷ, không nhập gì.")
    job.save(update_fields=["status", "finished_at", "message", "updated_at"])
    return job


@transaction.atomic
def job_restart(*, by: User, job: Job) -> Job:
    """Run again a job whose worker died (interrupted): nothing of the first run was written."""
    job = _lock_own(by, job)
    if job.status != JobStatus.INTERRUPTED:
        raise TransitionNotAllowed(_("Chỉ chạy lại được tác vụ bị gián đoạn."), current=job.status,
                                   target=JobStatus.PENDING)
    job.status, job.finished_at, job.message = JobStatus.PENDING, None, _("Đang chờ chạy lại.")
    job.save(update_fields=["status", "finished_at", "message", "updated_at"])
    _enqueue(job)
    return job
