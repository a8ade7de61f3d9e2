import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from beneficiaries.models import PaymentChannel, Person
from common.models import BaseModel
from common.triggers import StatementDeleteEvent
from programs.models import Enrollment, Program


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")  # generated; can be regenerated or cancelled
    APPROVED = "approved", _("Đã duyệt")  # a leader other than the generator approved it
    EXPORTED = "exported", _("Đã xuất file ngân hàng")
    RECONCILED = "reconciled", _("Đã đối soát")  # every line is paid, failed or cancelled
    CLOSED = "closed", _("Đã khoá sổ")
    CANCELLED = "cancelled", _("Đã huỷ")


@pghistory.track()
class PaymentBatch(BaseModel):
    """The payment list of one program, month and area."""

    TRANSITIONS = {
        BatchStatus.DRAFT: {BatchStatus.APPROVED, BatchStatus.CANCELLED},
        BatchStatus.APPROVED: {BatchStatus.EXPORTED},
        BatchStatus.EXPORTED: {BatchStatus.RECONCILED},
        BatchStatus.RECONCILED: {BatchStatus.CLOSED},
    }

    program = models.ForeignKey(Program, verbose_name=_("chính sách"), on_delete=models.PROTECT,
                                related_name="batches")
    period = models.DateField(_("kỳ chi trả (tháng)"))
    area = models.ForeignKey(Area, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="batches")
    status = models.CharField(_("trạng thái"), max_length=12, choices=BatchStatus.choices,
                              default=BatchStatus.DRAFT, db_index=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"),
                                     on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("lập lúc"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    exported_at = models.DateTimeField(_("xuất file lúc"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("số dòng"), default=0)
    total_amount = models.BigIntegerField(_("tổng tiền"), default=0)
    cashless_amount = models.BigIntegerField(_("chuyển khoản/ví"), default=0)
    cash_amount = models.BigIntegerField(_("tiền mặt"), default=0)
    paid_amount = models.BigIntegerField(_("đã chi"), default=0)
    failed_amount = models.BigIntegerField(_("chi lỗi"), default=0)
    summary = models.JSONField(_("tóm tắt khi lập"), default=dict, blank=True)
    problem_count = models.PositiveIntegerField(
        _("số người vướng mắc chưa xử lý"), default=0,
        help_text=_("Người có tháng mà quy tắc không cho ra mức hưởng: không duyệt được bảng khi còn người "
                    "chưa được loại khỏi bảng (có lý do)."))

    class Meta:
        verbose_name = _("bảng chi trả")
        verbose_name_plural = _("bảng chi trả")
        ordering = ["-period", "-generated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("generated_by")),
                                   name="batch_approver_not_generator"),
            models.UniqueConstraint(fields=["program", "period", "area"], condition=Q(status="draft"),
                                    name="batch_one_draft_per_program_period_area"),
            models.CheckConstraint(condition=Q(period__day=1), name="batch_period_is_first_of_month"),
        ]

    def __str__(self):
        return f"{self.program.code} {self.period:%m/%Y} {self.area}"


class PaymentKind(models.TextChoices):
    REGULAR = "regular", _("Tháng này")
    ARREARS = "arrears", _("Truy lĩnh")
    ADJUSTMENT = "adjustment", _("Điều chỉnh chênh lệch")
    RETRY = "retry", _("Chi lại (lần trước lỗi)")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ chi")
    PAID = "paid", _("Đã chi")
    FAILED = "failed", _("Lỗi")
    RETURNED = "returned", _("Ngân hàng trả lại")
    CANCELLED = "cancelled", _("Huỷ")


LIVE = (PaymentStatus.PENDING, PaymentStatus.PAID)
FINAL = (PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.RETURNED, PaymentStatus.CANCELLED)
CASHLESS = (PaymentChannel.BANK, PaymentChannel.EWALLET)


# Statement-level triggers: a batch inserts or updates thousands of lines in one statement, and row-level
# triggers would upsert the audit context once per row (quadratic in the batch size).
@pgtrigger.register(StatementDeleteEvent(name="delete_delete"))
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), level=pghistory.Statement)
class Payment(models.Model):
    """One amount for one person and one month (``period``); arrears and adjustments name earlier months."""

    batch = models.ForeignKey(PaymentBatch, verbose_name=_("bảng chi trả"), on_delete=models.PROTECT,
                              related_name="lines")
    enrollment = models.ForeignKey(Enrollment, verbose_name=_("quyết định hưởng"), on_delete=models.PROTECT,
                                   related_name="payments")
    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="payments")
    period = models.DateField(_("tháng được hưởng"))
    kind = models.CharField(_("loại"), max_length=12, choices=PaymentKind.choices)
    amount = models.PositiveIntegerField(_("số tiền"))
    rule_ids = ArrayField(models.BigIntegerField(), verbose_name=_("quy tắc áp dụng"), default=list)
    reference = models.CharField(_("mã giao dịch"), max_length=20, unique=True)
    channel = models.CharField(_("hình thức"), max_length=8, choices=PaymentChannel.choices)
    bank_code = models.CharField(_("mã ngân hàng/ví"), max_length=20, blank=True)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=150, blank=True)
    # the name and ID number as generated: an approved list prints them, whatever the registry says later
    full_name = models.CharField(_("họ và tên (khi lập)"), max_length=150, blank=True, db_default="")
    national_id = models.CharField(_("số định danh (khi lập)"), max_length=12, blank=True, db_default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING, db_index=True)
    bank_transaction_id = models.CharField(_("mã giao dịch ngân hàng"), max_length=60, blank=True)
    paid_at = models.DateTimeField(_("chi lúc"), null=True, blank=True)
    failure_reason = models.CharField(_("lý do lỗi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("dòng chi trả")
        verbose_name_plural = _("dòng chi trả")
        ordering = ["batch", "person__full_name", "period"]
        constraints = [
            # The guard against paying a month twice: one live (pending or paid) line per enrollment and
            # month; a difference after a retroactive change is an adjustment, at most one per batch.
            models.UniqueConstraint(fields=["enrollment", "period"],
                                    condition=Q(status__in=LIVE) & ~Q(kind="adjustment"),
                                    name="payment_one_live_line_per_month"),
            models.UniqueConstraint(fields=["enrollment", "period", "batch"],
                                    condition=Q(status__in=LIVE) & Q(kind="adjustment"),
                                    name="payment_one_adjustment_per_month_and_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["enrollment", "period"], name="payment_enrollment_period"),
                   models.Index(fields=["person", "period"], name="payment_person_period")]

    def __str__(self):
        return self.reference


@pghistory.track()
class RetryAllowance(models.Model):
    """A person's decision to pay once more a month that failed twice (the generator stops after two failures).

    Each allowance lets the next batch try that month once more; it is granted through
    ``payment_retry_allow``, e.g. when a complaint about a payment not received is resolved.
    """

    enrollment = models.ForeignKey(Enrollment, verbose_name=_("quyết định hưởng"), on_delete=models.PROTECT,
                                   related_name="retry_allowances")
    period = models.DateField(_("tháng được hưởng"))
    reason = models.CharField(_("lý do"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cho phép"),
                                   on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cho phép chi lại")
        verbose_name_plural = _("cho phép chi lại")
        ordering = ["granted_at", "id"]
        indexes = [models.Index(fields=["enrollment", "period"], name="retry_enrollment_month")]

    def __str__(self):
        return f"{self.enrollment_id} {self.period:%m/%Y}"


@pghistory.track()
class BatchExclusion(models.Model):
    """A decider's choice to leave a person with a problem out of a draft batch, with the reason.

    Their months are not paid in this batch; once the data is fixed, the next batch pays them as arrears.
    """

    batch = models.ForeignKey(PaymentBatch, verbose_name=_("bảng chi trả"), on_delete=models.CASCADE,
                              related_name="exclusions")
    enrollment = models.ForeignKey(Enrollment, verbose_name=_("quyết định hưởng"), on_delete=models.PROTECT,
                                   related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người loại"),
                                    on_delete=models.PROTECT, related_name="+")
    excluded_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("người loại khỏi bảng chi trả")
        verbose_name_plural = _("người loại khỏi bảng chi trả")
        ordering = ["excluded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "enrollment"], name="exclusion_once_per_batch")]

    def __str__(self):
        return f"{self.batch_id}: {self.person_id}"
