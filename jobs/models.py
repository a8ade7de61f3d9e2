"""Background jobs: imports, batch generation, indicator snapshots and large exports.

django-tasks runs the work (synchronously, or on `db_worker` processes); this model
keeps what users see: status, progress, counts, errors and the result file.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from jobs import registry


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    READY = "ready", _("Đã kiểm tra, chờ xác nhận")  # an import without errors
    INVALID = "invalid", _("Có lỗi, chưa nhập")  # an import with errors: nothing was written
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Thất bại, không thay đổi dữ liệu")
    CANCELLED = "cancelled", _("Đã huỷ")
    INTERRUPTED = "interrupted", _("Bị gián đoạn, chưa thay đổi dữ liệu")  # its worker died: can be run again


OPEN = (JobStatus.PENDING, JobStatus.RUNNING)
FINISHED = (JobStatus.INVALID, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED)


def job_path(instance, filename):
    return f"jobs/{instance.created_by_id}/{filename}"


class Job(BaseModel):
    kind = models.CharField(_("loại"), max_length=20, choices=registry.kind_choices,
                            help_text=_("Các loại do từng ứng dụng khai báo trong mô-đun jobs của nó."))
    import_kind = models.CharField(_("loại dữ liệu nhập"), max_length=30, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING,
                              db_index=True)
    step = models.CharField(_("bước"), max_length=10, default="run",
                            help_text=_("Với nhập tệp: check (kiểm tra) rồi apply (ghi)."))
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    message = models.CharField(_("tình hình"), max_length=300, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    counts = models.JSONField(_("số lượng"), default=dict, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True,
                              help_text=_("Tối đa JOB_ERRORS_KEPT lỗi; bản sao Excel có đánh dấu giữ tất cả."))
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    upload = models.FileField(_("tệp tải lên"), upload_to=job_path, blank=True)
    upload_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    result = models.FileField(_("tệp kết quả"), upload_to=job_path, blank=True)
    result_name = models.CharField(_("tên tệp kết quả"), max_length=200, blank=True)
    result_url = models.CharField(_("liên kết kết quả"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT,
                                   related_name="jobs")
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("giữ đến"), null=True, blank=True, db_index=True,
        help_text=_("Tiến trình đang chạy gia hạn mốc này liên tục; quá mốc mà chưa xong là tiến trình đã dừng."))
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    worker = models.CharField(_("tiến trình xử lý"), max_length=100, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận nhập lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_owner_recent")]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == registry.IMPORT:
            spec = registry.import_spec(self.import_kind)
            return str(spec.title) if spec else self.import_kind
        return self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status in FINISHED else 0)
