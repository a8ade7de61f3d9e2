from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Abstract base: creation and last-change timestamps on every record."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")  # being prepared by the commune; editable
    SUBMITTED = "submitted", _("Đã gửi")  # waiting for the Sở's decision; frozen
    APPROVED = "approved", _("Đã duyệt")  # in force
    REJECTED = "rejected", _("Từ chối")  # final; a reason is recorded
    RETURNED = "returned", _("Trả lại")  # back to the commune for correction, with a reason
    SUSPENDED = "suspended", _("Tạm dừng")  # approved, temporarily not in force
    ENDED = "ended", _("Chấm dứt")  # no longer in force (death, moved away, no longer eligible)


class CaseWorkflow(BaseModel):
    """Abstract base of records that the commune submits and the Sở decides."""

    TRANSITIONS = {
        CaseStatus.DRAFT: {CaseStatus.SUBMITTED},
        CaseStatus.SUBMITTED: {CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.RETURNED},
        CaseStatus.RETURNED: {CaseStatus.SUBMITTED},
        CaseStatus.APPROVED: {CaseStatus.SUSPENDED, CaseStatus.ENDED},
        CaseStatus.SUSPENDED: {CaseStatus.APPROVED, CaseStatus.ENDED},
    }
    EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.RETURNED})

    status = models.CharField(_("trạng thái"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT,
                              db_index=True)
    status_reason = models.TextField(_("lý do (lần chuyển gần nhất)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


def approver_not_submitter(name: str) -> models.CheckConstraint:
    """The database's own guard for the four-eyes rule on a CaseWorkflow model."""
    return models.CheckConstraint(
        condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("submitted_by")),
        name=name,
    )


class Transition(models.Model):
    """One status change of any workflow record: who, when, from, to and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.BigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("từ"), max_length=20)
    to_status = models.CharField(_("sang"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT,
                           related_name="transitions")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("lần chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="transition_object_idx")]

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"

    def _label(self, status: str) -> str:
        """The Vietnamese label of ``status`` in the record's own choices (content types are cached: no query)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return str(dict(model._meta.get_field("status").choices).get(status, status)) if status else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)
