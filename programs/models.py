import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from areas.models import Area
from beneficiaries.models import Classification, MeritCategory, MeritFlag, Person, ProtectionGroup, WarInvalidType
from common.models import BaseModel, CaseStatus, CaseWorkflow, approver_not_submitter
from common.numbers import money


class ProgramKind(models.TextChoices):
    MONTHLY_CASH = "monthly_cash", _("Trợ cấp tiền hằng tháng")
    ONE_OFF_CASH = "one_off_cash", _("Trợ cấp một lần")
    FACILITY_CARE = "facility_care", _("Nuôi dưỡng tại cơ sở")
    HEALTH_INSURANCE = "health_insurance", _("Bảo hiểm y tế (hiện vật)")
    HOUSING = "housing", _("Hỗ trợ nhà ở")


class Target(models.TextChoices):
    MERIT = "merit", _("Người có công")
    PROTECTION = "protection", _("Đối tượng bảo trợ xã hội")
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    ELDERLY = "elderly", _("Người cao tuổi theo điều kiện của chính sách (không cần hồ sơ)")
    DECEASED = "deceased", _("Người đã mất khi đang hưởng trợ cấp (mai táng)")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    ONE_OFF = "one_off", _("Một lần")
    NONE = "none", _("Không chi tiền")


CASH_KINDS = (ProgramKind.MONTHLY_CASH, ProgramKind.FACILITY_CARE, ProgramKind.ONE_OFF_CASH)


@pghistory.track()
class Program(BaseModel):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=ProgramKind.choices)
    target = models.CharField(_("đối tượng"), max_length=12, choices=Target.choices)
    owning_agency = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    payment_frequency = models.CharField(_("tần suất chi trả"), max_length=10, choices=Frequency.choices)
    standard_code = models.CharField(
        _("mức chuẩn áp dụng"), max_length=20, blank=True,
        help_text=_("Mã mức chuẩn nhân với hệ số: TGXH (trợ giúp xã hội) hoặc UU_DAI (trợ cấp ưu đãi)."),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    paused_in_facility = models.BooleanField(
        _("không chi khi đang nuôi dưỡng tại cơ sở"), default=False,
        help_text=_("Trợ cấp tại cộng đồng: không chi từ tháng sau tháng vào cơ sở đến tháng ra khỏi cơ sở."))
    pays_each_category = models.BooleanField(
        _("chi theo từng diện"), default=False,
        help_text=_("Người có công thuộc nhiều diện hưởng trợ cấp, phụ cấp của từng diện (Pháp lệnh 02/2020 Đ6 k3). "
                    "Bỏ chọn: chỉ hưởng một mức cao nhất (ví dụ quà tặng)."))
    exclusive_group = models.CharField(
        _("nhóm chỉ hưởng mức cao nhất"), max_length=30, blank=True,
        help_text=_("Người hưởng nhiều chính sách cùng nhóm chỉ được chi chính sách có mức cao nhất mỗi tháng "
                    "(ví dụ trợ cấp hưu trí xã hội và trợ cấp xã hội hằng tháng, NĐ 176/2025 Đ3)."))
    funeral_support = models.BooleanField(
        _("có hỗ trợ mai táng"), default=False,
        help_text=_("Khi người đang hưởng chính sách này mất, hệ thống lập sẵn đề nghị hỗ trợ mai táng."))
    starts_at_decision = models.BooleanField(
        _("hưởng từ tháng ký quyết định"), default=False,
        help_text=_("Khi duyệt, ngày bắt đầu hưởng là ngày đầu tháng của ngày quyết định."))

    class Meta:
        verbose_name = _("chính sách")
        verbose_name_plural = _("chính sách")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def pays_cash(self) -> bool:
        return self.kind in CASH_KINDS


@pghistory.track()
class BenefitStandard(BaseModel):
    """A base amount (mức chuẩn) in force from ``valid_from`` until the next row of the same code and scope.

    ``province`` empty = national. A province may set a higher base (NĐ 76/2024): for its residents the higher of
    the national and the provincial row in force applies, so a later national rise above it wins.
    """

    code = models.CharField(_("mã mức chuẩn"), max_length=20, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    province = models.ForeignKey(Area, verbose_name=_("phạm vi (tỉnh)"), on_delete=models.PROTECT, null=True,
                                 blank=True, limit_choices_to={"level": "province"}, related_name="+",
                                 help_text=_("Để trống: mức chuẩn quốc gia."))
    amount = models.PositiveIntegerField(_("mức (đồng/tháng)"))
    valid_from = models.DateField(_("áp dụng từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)

    class Meta:
        verbose_name = _("mức chuẩn")
        verbose_name_plural = _("mức chuẩn")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], condition=Q(province__isnull=True),
                                    name="standard_one_per_day"),
            models.UniqueConstraint(fields=["code", "province", "valid_from"], condition=Q(province__isnull=False),
                                    name="standard_one_per_day_and_province"),
        ]

    def __str__(self):
        where = f" ({self.province.name})" if self.province_id else ""
        return f"{self.code}{where} {money(self.amount)} từ {self.valid_from:%d/%m/%Y}"


class Component(models.TextChoices):
    """How rows add up. Merit: main and allowance of each category add up (Pháp lệnh 02/2020 Đ6 k3); a special
    allowance replaces that category's allowance (Đ24 k1 d); the carer allowance is paid once, the highest.
    Other programs: the highest row of each component."""

    MAIN = "main", _("Trợ cấp")
    ALLOWANCE = "allowance", _("Phụ cấp")
    SPECIAL_ALLOWANCE = "special", _("Phụ cấp đặc biệt (thay phụ cấp)")
    CARER = "carer", _("Trợ cấp người phục vụ")


class SourceMark(models.TextChoices):
    SEEN = "V", _("Đã thấy trong nguồn")
    DERIVED = "M", _("Suy ra, chưa thấy văn bản")


class BenefitRuleQuerySet(models.QuerySet):
    def in_force_on(self, day) -> "BenefitRuleQuerySet":
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


@pghistory.track()
class BenefitRule(BaseModel):
    """One row of a legal table: who (category/group, age, injury rate, number of martyrs) gets what.

    The value is either a ``coefficient`` of the program's standard (× children
    raised when ``per_child``) or a fixed ``amount``. Where several rows of the
    same component apply, the highest wins; components (main + allowance) add up.
    """

    program = models.ForeignKey(Program, verbose_name=_("chính sách"), on_delete=models.PROTECT, related_name="rules")
    merit_category = models.ForeignKey(MeritCategory, verbose_name=_("diện người có công"), on_delete=models.PROTECT,
                                       to_field="code", null=True, blank=True)
    for_relatives = models.BooleanField(_("áp dụng cho thân nhân"), default=False)
    protection_group = models.ForeignKey(ProtectionGroup, verbose_name=_("nhóm bảo trợ"), on_delete=models.PROTECT,
                                         to_field="code", null=True, blank=True,
                                         help_text=_("Để trống: mọi nhóm bảo trợ xã hội."))
    age_min = models.PositiveSmallIntegerField(_("từ tuổi (tính cả)"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("đến dưới tuổi"), null=True, blank=True)
    injury_rate_min = models.PositiveSmallIntegerField(_("tỷ lệ tổn thương từ (%)"), null=True, blank=True)
    injury_rate_max = models.PositiveSmallIntegerField(_("tỷ lệ tổn thương đến (%)"), null=True, blank=True)
    relative_count_min = models.PositiveSmallIntegerField(_("số liệt sĩ/người có công từ"), null=True, blank=True)
    relative_count_max = models.PositiveSmallIntegerField(_("số liệt sĩ/người có công đến"), null=True, blank=True)
    war_invalid_type = models.CharField(_("loại thương binh"), max_length=1, choices=WarInvalidType.choices,
                                        blank=True, help_text=_("Để trống: mọi loại."))
    household_classes = ArrayField(models.CharField(max_length=10, choices=Classification.choices),
                                   verbose_name=_("chỉ khi hộ (rà soát gần nhất) là"), default=list, blank=True)
    excludes_pensioners = models.BooleanField(_("không áp dụng cho người có lương hưu/trợ cấp BHXH"),
                                              default=False)
    requires_flags = ArrayField(models.CharField(max_length=20, choices=MeritFlag.choices),
                                verbose_name=_("chỉ khi hồ sơ có đặc điểm"), default=list, blank=True)
    component = models.CharField(_("khoản"), max_length=10, choices=Component.choices, default=Component.MAIN)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    per_child = models.BooleanField(_("nhân theo số con đang nuôi"), default=False)
    per_year = models.BooleanField(_("nhân theo số năm thâm niên"), default=False)
    amount = models.PositiveIntegerField(_("mức cố định (đồng/tháng)"), null=True, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    code = models.CharField(_("mã dòng bảng"), max_length=40, blank=True, db_index=True,
                            help_text=_("Mã của dòng trong bảng nguồn, ví dụ TB_55."))
    mark = models.CharField(_("độ tin cậy"), max_length=1, choices=SourceMark.choices, default=SourceMark.SEEN)
    source = models.TextField(_("nguồn"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đối chiếu văn bản gốc"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("đối chiếu lúc"), null=True, blank=True)

    objects = BenefitRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc mức hưởng")
        verbose_name_plural = _("quy tắc mức hưởng")
        ordering = ["program", "merit_category", "protection_group", "age_min", "injury_rate_min", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(coefficient__isnull=False, amount__isnull=True)
                                   | Q(coefficient__isnull=True, amount__isnull=False),
                                   name="rule_coefficient_xor_amount"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="rule_valid_to_after_from"),
        ]
        indexes = [models.Index(fields=["program", "valid_from"], name="rule_program_from")]

    def get_requires_flags_display(self) -> list[str]:
        return [MeritFlag(flag).label for flag in self.requires_flags if flag in MeritFlag.values]

    @property
    def needs_check(self) -> bool:
        """A derived figure nobody has checked against the decree yet."""
        return self.mark == SourceMark.DERIVED and self.checked_at is None

    def __str__(self):
        who = self.merit_category_id or self.protection_group_id or _("mọi đối tượng")
        value = f"× {self.coefficient}" if self.coefficient is not None else f"{money(self.amount)} đ"
        return f"{self.program.code} {who} {value}"


class DecisionSubject(models.TextChoices):
    PROTECTION_PROFILE = "protection_profile", _("Hồ sơ bảo trợ xã hội")
    MERIT_PROFILE = "merit_profile", _("Hồ sơ người có công")
    ENROLLMENT = "enrollment", _("Quyết định hưởng chính sách")
    HOUSING_CASE = "housing_case", _("Hỗ trợ nhà ở")
    PAYMENT_BATCH = "payment_batch", _("Bảng chi trả")


class DecisionLevel(models.TextChoices):
    COMMUNE = "commune", _("Chủ tịch UBND cấp xã (xã của người hưởng)")
    PROVINCE = "province", _("Sở (cơ quan chủ quản)")


class DecisionRuleQuerySet(models.QuerySet):
    def in_force_on(self, day) -> "DecisionRuleQuerySet":
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


@pghistory.track()
class DecisionRule(BaseModel):
    """Who decides one kind of case, from a date: the commune leader or a Sở, and which Sở owns it.

    A row for a program applies to its enrollments and batches; a row without a program to every program of
    the subject that has none of its own. The next reform is a new row with a later ``valid_from``.
    """

    subject = models.CharField(_("loại việc"), max_length=20, choices=DecisionSubject.choices)
    program = models.ForeignKey(Program, verbose_name=_("chính sách"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="decision_rules")
    level = models.CharField(_("cấp quyết định"), max_length=10, choices=DecisionLevel.choices)
    agency = models.CharField(_("cơ quan chủ quản"), max_length=8, choices=Agency.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)

    objects = DecisionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("thẩm quyền quyết định")
        verbose_name_plural = _("thẩm quyền quyết định")
        ordering = ["subject", "program", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "program", "valid_from"], name="decision_rule_one_per_day",
                                    nulls_distinct=False),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="decision_rule_valid_to_after_from"),
        ]

    def __str__(self):
        what = self.program.code if self.program_id else self.get_subject_display()
        return f"{what}: {self.get_level_display()} — {self.get_agency_display()} (từ {self.valid_from:%d/%m/%Y})"


@pghistory.track()
class Enrollment(CaseWorkflow):
    """A person's entitlement to a program from ``start_date`` (to ``end_date``)."""

    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="enrollments")
    program = models.ForeignKey(Program, verbose_name=_("chính sách"), on_delete=models.PROTECT,
                                related_name="enrollments")
    start_date = models.DateField(_("hưởng từ ngày"))
    end_date = models.DateField(_("hưởng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định hưởng")
        verbose_name_plural = _("quyết định hưởng")
        ordering = ["-created_at"]
        constraints = [
            approver_not_submitter("enrollment_approver_not_submitter"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="enrollment_end_after_start"),
            # No two live enrollments of a person in one program may overlap in time (btree_gist).
            ExclusionConstraint(
                name="enrollment_no_overlap",
                expressions=[
                    ("person", RangeOperators.EQUAL),
                    ("program", RangeOperators.EQUAL),
                    (Func("start_date", "end_date", models.Value("[]"), function="daterange",
                          output_field=DateRangeField()), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.SUSPENDED]),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.program.code}"

    @property
    def for_deceased(self) -> bool:
        """Funeral support is proposed and decided after the person's death."""
        return self.program.target == Target.DECEASED


@pghistory.track()
class Suspension(models.Model):
    """A period in which an approved enrollment pays nothing (a month counts if its first day is inside)."""

    enrollment = models.ForeignKey(Enrollment, verbose_name=_("quyết định hưởng"), on_delete=models.CASCADE,
                                   related_name="suspensions")
    from_date = models.DateField(_("tạm dừng từ"))
    to_date = models.DateField(_("đến"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("thời gian tạm dừng")
        verbose_name_plural = _("thời gian tạm dừng")
        ordering = ["from_date"]

    def __str__(self):
        return f"{self.enrollment}: {self.from_date} – {self.to_date or '…'}"


@pghistory.track()
class Facility(BaseModel):
    """A social assistance facility (cơ sở trợ giúp xã hội)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    is_public = models.BooleanField(_("công lập"), default=True)
    capacity = models.PositiveIntegerField(_("sức chứa (người)"))
    area = models.ForeignKey(Area, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="facilities")
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ sở trợ giúp xã hội")
        verbose_name_plural = _("cơ sở trợ giúp xã hội")
        ordering = ["name"]

    def __str__(self):
        return self.name


@pghistory.track()
class Admission(BaseModel):
    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="admissions")
    facility = models.ForeignKey(Facility, verbose_name=_("cơ sở"), on_delete=models.PROTECT,
                                 related_name="admissions")
    admitted_on = models.DateField(_("vào cơ sở ngày"))
    discharged_on = models.DateField(_("ra khỏi cơ sở ngày"), null=True, blank=True)
    discharge_reason = models.CharField(_("lý do ra"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("tiếp nhận vào cơ sở")
        verbose_name_plural = _("tiếp nhận vào cơ sở")
        ordering = ["-admitted_on"]
        constraints = [
            models.CheckConstraint(condition=Q(discharged_on__isnull=True)
                                   | Q(discharged_on__gte=models.F("admitted_on")),
                                   name="admission_discharge_after_admission"),
            models.UniqueConstraint(fields=["person"], condition=Q(discharged_on__isnull=True),
                                    name="admission_one_open_per_person"),
        ]

    def __str__(self):
        return f"{self.person} @ {self.facility}"
