import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Household, Person
from common.models import BaseModel


class HousingTarget(models.TextChoices):
    MERIT = "merit", _("Hộ người có công")
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")


class SupportType(models.TextChoices):
    NEW_BUILD = "new_build", _("Xây mới")
    REPAIR = "repair", _("Sửa chữa")


@pghistory.track()
class SupportLevel(models.Model):
    """A housing-support programme with its default amounts (DOMAIN.md §4); amounts are stored per case."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    targets = ArrayField(models.CharField(max_length=10, choices=HousingTarget.choices), verbose_name=_("đối tượng"))
    new_build_amount = models.PositiveIntegerField(_("mức xây mới (đồng)"))
    repair_amount = models.PositiveIntegerField(_("mức sửa chữa (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)

    class Meta:
        verbose_name = _("mức hỗ trợ nhà ở")
        verbose_name_plural = _("mức hỗ trợ nhà ở")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name

    def default_amount(self, support_type: str) -> int:
        return self.new_build_amount if support_type == SupportType.NEW_BUILD else self.repair_amount


class HousingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")  # the commune proposes
    SURVEYED = "surveyed", _("Đã khảo sát")  # the commune recorded the survey and estimate
    APPROVED = "approved", _("Đã phê duyệt")  # the Sở approved the amount and its funding
    IN_PROGRESS = "in_progress", _("Đang thi công")
    COMPLETED = "completed", _("Hoàn thành")  # accepted (nghiệm thu)
    CANCELLED = "cancelled", _("Đã huỷ")


OPEN = (HousingStatus.PROPOSED, HousingStatus.SURVEYED, HousingStatus.APPROVED, HousingStatus.IN_PROGRESS)


@pghistory.track()
class HousingCase(BaseModel):
    TRANSITIONS = {
        HousingStatus.PROPOSED: {HousingStatus.SURVEYED, HousingStatus.CANCELLED},
        HousingStatus.SURVEYED: {HousingStatus.APPROVED, HousingStatus.CANCELLED},
        HousingStatus.APPROVED: {HousingStatus.IN_PROGRESS, HousingStatus.CANCELLED},
        HousingStatus.IN_PROGRESS: {HousingStatus.COMPLETED, HousingStatus.CANCELLED},
    }

    household = models.ForeignKey(Household, verbose_name=_("hộ"), on_delete=models.PROTECT,
                                  related_name="housing_cases")
    person = models.ForeignKey(Person, verbose_name=_("người đứng tên"), on_delete=models.PROTECT,
                               related_name="housing_cases")
    target = models.CharField(_("đối tượng"), max_length=10, choices=HousingTarget.choices)
    support_type = models.CharField(_("hình thức"), max_length=10, choices=SupportType.choices)
    support_level = models.ForeignKey(SupportLevel, verbose_name=_("chương trình/mức"), on_delete=models.PROTECT)
    status = models.CharField(_("trạng thái"), max_length=12, choices=HousingStatus.choices,
                              default=HousingStatus.PROPOSED, db_index=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    current_condition = models.TextField(_("hiện trạng nhà ở"), blank=True)
    floor_area = models.DecimalField(_("diện tích (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("dự toán (đồng)"), null=True, blank=True)
    surveyed_on = models.DateField(_("ngày khảo sát"), null=True, blank=True)
    approved_amount = models.PositiveBigIntegerField(_("mức hỗ trợ được duyệt (đồng)"), null=True, blank=True)
    amount_reason = models.CharField(_("lý do khác mức mặc định"), max_length=300, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    completed_on = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_as = models.JSONField(
        _("nội dung khi phê duyệt"), default=dict, blank=True,
        help_text=_("Tên, mã hộ, địa chỉ, chương trình, căn cứ, nguồn kinh phí và cơ quan ban hành như lúc phê duyệt: "
                    "quyết định in lại đúng nội dung đã duyệt, dù hồ sơ sửa sau đó."))

    class Meta:
        verbose_name = _("hồ sơ hỗ trợ nhà ở")
        verbose_name_plural = _("hồ sơ hỗ trợ nhà ở")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status__in=OPEN),
                                    name="housing_one_open_case_per_household"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                                   name="housing_approver_not_proposer"),
        ]

    def __str__(self):
        return f"{self.household.code} — {self.get_support_type_display()}"


class FundingSourceKind(models.TextChoices):
    STATE_BUDGET = "state_budget", _("Ngân sách trung ương")
    PROVINCE = "province", _("Ngân sách tỉnh")
    FUND_FOR_POOR = "fund_for_poor", _("Quỹ Vì người nghèo")
    ENTERPRISE = "enterprise", _("Doanh nghiệp, nhà tài trợ")
    OTHER = "other", _("Nguồn khác")


@pghistory.track()
class FundingSource(models.Model):
    case = models.ForeignKey(HousingCase, verbose_name=_("hồ sơ nhà ở"), on_delete=models.CASCADE,
                             related_name="funding")
    source = models.CharField(_("nguồn"), max_length=15, choices=FundingSourceKind.choices)
    amount = models.PositiveBigIntegerField(_("số tiền"))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        constraints = [models.UniqueConstraint(fields=["case", "source"], name="funding_one_row_per_source"),
                       models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive")]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


@pghistory.track()
class Disbursement(BaseModel):
    case = models.ForeignKey(HousingCase, verbose_name=_("hồ sơ nhà ở"), on_delete=models.PROTECT,
                             related_name="disbursements")
    amount = models.PositiveBigIntegerField(_("số tiền"))
    paid_on = models.DateField(_("ngày chi"))
    source = models.CharField(_("nguồn"), max_length=15, choices=FundingSourceKind.choices)
    is_advance = models.BooleanField(_("tạm ứng trước khi nghiệm thu"), default=False)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    receipt = models.FileField(_("chứng từ"), upload_to="housing/receipts/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("đợt giải ngân")
        verbose_name_plural = _("đợt giải ngân")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive")]

    def __str__(self):
        return f"{self.case}: {self.amount} ({self.paid_on})"
