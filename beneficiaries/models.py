import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from common.models import BaseModel, CaseWorkflow, approver_not_submitter
from common.triggers import StatementDeleteEvent


class ImmutableUnaccent(models.Func):
    """``immutable_unaccent(text)``: the indexable unaccent (common/migrations/0001)."""

    function = "immutable_unaccent"
    output_field = models.TextField()


def search_key(expression) -> models.Func:
    """Lower-case, accent-free form of a name, as indexed for search."""
    return ImmutableUnaccent(Lower(expression))


RECORD_NAMES_SQL = """
    INSERT INTO beneficiaries_personname (key)
    SELECT DISTINCT immutable_unaccent(lower(full_name)) FROM new_rows
    ON CONFLICT DO NOTHING;
    RETURN NULL;
"""


class PersonName(models.Model):
    """Every distinct search key (``search_key(full_name)``) of the registry, kept by triggers on Person.

    Names repeat a great deal (a province has hundreds of "Nguyễn Văn An"), so the trigram search
    runs over this much smaller table and then finds the persons by the equality index
    ``person_name_dob``. A key whose last person was renamed or deleted stays, matching nobody.
    """

    key = models.TextField(primary_key=True)

    class Meta:
        indexes = [GinIndex(OpClass("key", name="gin_trgm_ops"), name="person_name_key_trgm")]

    def __str__(self):
        return self.key


# ------------------------------------------------------------------------------
# Reference data (seeded from DOMAIN.md by data migrations, editable in the admin)
# ------------------------------------------------------------------------------
class ReferenceData(models.Model):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


@pghistory.track()
class MeritCategory(ReferenceData):
    """Category of person with meritorious service (Pháp lệnh 02/2020/UBTVQH14, Điều 3)."""

    is_deceased_category = models.BooleanField(
        _("đối tượng đã hy sinh/từ trần"), default=False,
        help_text=_("Ví dụ liệt sĩ: hồ sơ là của liệt sĩ, chế độ do thân nhân hưởng."),
    )
    injury_rate_min = models.PositiveSmallIntegerField(_("tỷ lệ tổn thương tối thiểu (%)"), null=True, blank=True)
    injury_rate_max = models.PositiveSmallIntegerField(_("tỷ lệ tổn thương tối đa (%)"), null=True, blank=True)
    monthly_allowance = models.BooleanField(
        _("hưởng trợ cấp hằng tháng"), default=True,
        help_text=_("Bỏ chọn cho diện chỉ hưởng trợ cấp một lần: hồ sơ được duyệt của diện này không cần quy tắc "
                    "mức hưởng hằng tháng."),
    )

    class Meta(ReferenceData.Meta):
        verbose_name = _("diện người có công")
        verbose_name_plural = _("diện người có công")

    @property
    def requires_injury_rate(self) -> bool:
        return self.injury_rate_min is not None


class RelativeType(ReferenceData):
    """Relationship of a relative (thân nhân) to a person with meritorious service."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("quan hệ thân nhân")
        verbose_name_plural = _("quan hệ thân nhân")


@pghistory.track()
class ProtectionGroup(ReferenceData):
    """Group of social-protection beneficiary (NĐ 20/2021/NĐ-CP, Điều 5)."""

    article = models.CharField(_("khoản"), max_length=10, blank=True)
    requires_children_count = models.BooleanField(_("cần số con đang nuôi"), default=False)
    disability_level = models.CharField(_("mức độ khuyết tật"), max_length=30, blank=True)
    # Who the group covers, by age in the month before the one paid (a change applies from the month after it).
    age_min = models.PositiveSmallIntegerField(_("hưởng từ tuổi (tính cả)"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("hưởng đến dưới tuổi"), null=True, blank=True)
    requires_studying = models.BooleanField(
        _("chỉ khi đang đi học"), default=False,
        help_text=_("Hồ sơ cần ngày kết thúc học; hưởng đến hết tháng kết thúc học."))

    class Meta(ReferenceData.Meta):
        verbose_name = _("nhóm đối tượng bảo trợ xã hội")
        verbose_name_plural = _("nhóm đối tượng bảo trợ xã hội")


class DeprivationIndicator(ReferenceData):
    """One of the 12 indicators of multidimensional poverty (NĐ 07/2021/NĐ-CP)."""

    dimension = models.CharField(_("chiều thiếu hụt"), max_length=100)

    class Meta(ReferenceData.Meta):
        verbose_name = _("chỉ số thiếu hụt")
        verbose_name_plural = _("chỉ số thiếu hụt")


class Classification(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    AVERAGE = "average", _("Hộ có mức sống trung bình")
    OTHER = "other", _("Hộ khác")


@pghistory.track()
class PovertyStandard(ReferenceData):
    """A poverty standard with its income lines, in force for a period and a jurisdiction.

    ``jurisdiction`` empty = national; a province may adopt a higher local standard.
    """

    jurisdiction = models.ForeignKey(Area, verbose_name=_("phạm vi áp dụng"), on_delete=models.PROTECT,
                                     null=True, blank=True, help_text=_("Để trống: chuẩn quốc gia."))
    rural_poverty_line = models.PositiveIntegerField(_("chuẩn nghèo nông thôn (đồng/người/tháng)"))
    urban_poverty_line = models.PositiveIntegerField(_("chuẩn nghèo thành thị (đồng/người/tháng)"))
    rural_average_line = models.PositiveIntegerField(_("mức sống trung bình nông thôn"), null=True, blank=True)
    urban_average_line = models.PositiveIntegerField(_("mức sống trung bình thành thị"), null=True, blank=True)
    min_deprivations_poor = models.PositiveSmallIntegerField(_("số chỉ số thiếu hụt tối thiểu của hộ nghèo"),
                                                             default=3)

    class Meta(ReferenceData.Meta):
        verbose_name = _("chuẩn nghèo")
        verbose_name_plural = _("chuẩn nghèo")
        ordering = ["valid_from"]

    def classify(self, *, income_per_capita: int, deprivation_count: int, is_urban: bool) -> str:
        """Return the classification of a household under this standard (DOMAIN.md §3).

        Income equal to a line counts as at or below it.
        """
        line = self.urban_poverty_line if is_urban else self.rural_poverty_line
        average = self.urban_average_line if is_urban else self.rural_average_line
        if income_per_capita <= line:
            return Classification.POOR if deprivation_count >= self.min_deprivations_poor else Classification.NEAR_POOR
        if average is not None and income_per_capita <= average:
            return Classification.AVERAGE
        return Classification.OTHER


class IdIssuingProvince(models.Model):
    """Province code in digits 1–3 of a 12-digit personal ID (TT 59/2021/TT-BCA)."""

    code = models.CharField(_("mã"), max_length=3, unique=True)
    name = models.CharField(_("tỉnh/thành phố (danh mục cũ)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("mã tỉnh nơi đăng ký khai sinh (CCCD)")
        verbose_name_plural = _("mã tỉnh nơi đăng ký khai sinh (CCCD)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


# ------------------------------------------------------------------------------
# Households and persons
# ------------------------------------------------------------------------------
class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Relation(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Cha/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Khác")


class PaymentChannel(models.TextChoices):
    BANK = "bank", _("Tài khoản ngân hàng")
    EWALLET = "ewallet", _("Ví điện tử")
    CASH = "cash", _("Tiền mặt (bưu điện/tổ chi trả)")


# Statement-level audit triggers: a bulk import of 100,000 rows writes its history in
# one pass (row-level triggers upsert the audit context once per row: quadratic).
@pgtrigger.register(StatementDeleteEvent(name="delete_delete"))
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), level=pghistory.Statement)
class Household(BaseModel):
    code = models.CharField(_("mã hộ"), max_length=20, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="households")
    address = models.CharField(_("địa chỉ (thôn/tổ, số nhà)"), max_length=300)
    head = models.ForeignKey("Person", verbose_name=_("chủ hộ"), on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.head.full_name}" if self.head_id else self.code


@pgtrigger.register(StatementDeleteEvent(name="delete_delete"))
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), level=pghistory.Statement)
class Person(BaseModel):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"))
    birth_year_only = models.BooleanField(_("chỉ biết năm sinh"), default=False,
                                          help_text=_("Ngày sinh được lưu là 01/01 của năm sinh."))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    national_id = models.CharField(_("số định danh cá nhân (CCCD)"), max_length=12, blank=True)
    old_id_number = models.CharField(_("số CMND cũ (9 số)"), max_length=9, blank=True)
    social_insurance_number = models.CharField(_("mã số BHXH"), max_length=10, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True, default="Kinh")
    area = models.ForeignKey(Area, verbose_name=_("xã/phường cư trú"), on_delete=models.PROTECT,
                             related_name="persons")
    household = models.ForeignKey(Household, verbose_name=_("hộ gia đình"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="members")
    relation_to_head = models.CharField(_("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices,
                                        blank=True)
    date_of_death = models.DateField(_("ngày mất"), null=True, blank=True)
    payment_channel = models.CharField(_("hình thức nhận tiền"), max_length=8, choices=PaymentChannel.choices,
                                       default=PaymentChannel.CASH)
    bank_code = models.CharField(_("mã ngân hàng/ví"), max_length=20, blank=True)
    account_number = models.CharField(_("số tài khoản/ví"), max_length=30, blank=True)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=150, blank=True)
    # the account above is the last confirmed one: batches pay it; a change waits in AccountChange
    account_verification = models.CharField(
        _("xác minh tài khoản"), max_length=10, choices=[("unverified", _("Chưa xác minh")),
                                                         ("verified", _("Đã xác minh với CSDL dân cư")),
                                                         ("failed", _("Xác minh không khớp"))],
        default="unverified", db_default="unverified")
    account_verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    account_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác minh"),
                                            on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    health_insurance_number = models.CharField(_("số thẻ BHYT"), max_length=15, blank=True)
    health_insurance_valid_to = models.DateField(_("thẻ BHYT hạn đến"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    has_pension = models.BooleanField(
        _("đang hưởng lương hưu/trợ cấp BHXH hằng tháng"), default=False, db_default=False,
        help_text=_("Người từ đủ 75 tuổi đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng không hưởng trợ cấp hưu "
                    "trí xã hội."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["national_id"], condition=~models.Q(national_id=""),
                                    name="person_national_id_unique"),
            models.CheckConstraint(condition=models.Q(date_of_death__isnull=True)
                                   | models.Q(date_of_death__gte=models.F("date_of_birth")),
                                   name="person_death_after_birth"),
        ]
        triggers = [
            # Keep PersonName (the distinct search keys) complete; one statement per insert/update, COPY included.
            pgtrigger.Trigger(name=f"person_names_on_{event}", level=pgtrigger.Statement, when=pgtrigger.After,
                              operation=operation, referencing=pgtrigger.Referencing(new="new_rows"),
                              func=RECORD_NAMES_SQL)
            for event, operation in (("insert", pgtrigger.Insert), ("update", pgtrigger.Update))
        ]
        indexes = [
            # accent-insensitive, substring name search ("nguyen van anh"): now through PersonName,
            # this index serves other substring lookups
            GinIndex(OpClass(search_key("full_name"), name="gin_trgm_ops"), name="person_name_trgm"),
            models.Index(search_key("full_name"), "date_of_birth", name="person_name_dob"),
            # a commune's persons in page order (ordering), so a page stops after page_size rows
            models.Index(fields=["area", "full_name", "id"], name="person_area_name_id"),
            # a province's persons behind an indicator in page order: the first page of 210,000 in 19 ms, not 400
            models.Index(fields=["full_name", "id"], name="person_name_id"),
            # prefix search on ID numbers (LIKE '0270%'): pattern_ops, as the collation is not C
            models.Index(fields=["national_id"], name="person_national_id_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["old_id_number"], name="person_old_id_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_alive(self) -> bool:
        return self.date_of_death is None

    def age_on(self, day: datetime.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


# ------------------------------------------------------------------------------
# Profiles (commune submits, Sở decides)
# ------------------------------------------------------------------------------
ACCOUNT_FIELDS = ("payment_channel", "bank_code", "account_number", "account_holder")


class AccountChangeStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REJECTED = "rejected", _("Bị từ chối")


@pghistory.track()
class AccountChange(models.Model):
    """A requested change of where a person is paid: applied only when a second person confirms it."""

    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT,
                               related_name="account_changes")
    old = models.JSONField(_("tài khoản cũ"))
    new = models.JSONField(_("tài khoản mới"))
    reason = models.CharField(_("lý do đổi"), max_length=300, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=AccountChangeStatus.choices,
                              default=AccountChangeStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    decision_reason = models.CharField(_("lý do từ chối"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thay đổi tài khoản nhận tiền")
        verbose_name_plural = _("thay đổi tài khoản nhận tiền")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="pending"),
                                    name="account_change_one_pending_per_person"),
            models.CheckConstraint(condition=models.Q(decided_by__isnull=True)
                                   | ~models.Q(decided_by=models.F("requested_by")),
                                   name="account_change_confirmer_not_requester"),
        ]

    def __str__(self):
        return f"{self.person} {self.get_status_display()}"


class WarInvalidType(models.TextChoices):
    A = "A", _("Thương binh (Phụ lục II)")
    B = "B", _("Thương binh loại B (Phụ lục III)")


class MeritFlag(models.TextChoices):
    """Facts about a merit profile that select rows of the tables (BenefitRule.requires_flags)."""

    ESPECIALLY_SEVERE = "dac_biet_nang", _("Vết thương/bệnh tật đặc biệt nặng")
    LIVES_WITH_FAMILY = "song_o_gia_dinh", _("Sống ở gia đình (có người phục vụ)")
    ALONE = "co_don", _("Thân nhân sống cô đơn/mồ côi cả cha mẹ (tuất nuôi dưỡng)")
    DETACHED = "thoat_ly", _("Hoạt động cách mạng diện thoát ly")
    NOT_DETACHED = "khong_thoat_ly", _("Hoạt động cách mạng diện không thoát ly")
    REMARRIED = "tai_gia", _("Vợ/chồng liệt sĩ đã lấy chồng/vợ khác")
    DEFORMED_CHILD = "con_di_dang", _("Con đẻ bị dị dạng, dị tật do chất độc hóa học")


@pghistory.track()
class MeritProfile(CaseWorkflow):
    """A person with meritorious service, or a relative (thân nhân) entitled through one."""

    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT,
                               related_name="merit_profiles")
    category = models.ForeignKey(MeritCategory, verbose_name=_("diện"), on_delete=models.PROTECT,
                                 to_field="code", db_column="category_code")
    injury_rate = models.PositiveSmallIntegerField(_("tỷ lệ tổn thương cơ thể (%)"), null=True, blank=True)
    # database defaults too: bulk loads (imports, generate_synthetic) insert without these columns
    war_invalid_type = models.CharField(_("loại thương binh"), max_length=1, choices=WarInvalidType.choices,
                                        default=WarInvalidType.A, db_default=WarInvalidType.A)
    flags = ArrayField(models.CharField(max_length=20, choices=MeritFlag.choices), verbose_name=_("đặc điểm"),
                       default=list, db_default=models.Value("{}"), blank=True)
    seniority_years = models.PositiveSmallIntegerField(_("số năm thâm niên hoạt động"), null=True, blank=True)
    recognition_decision_no = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    recognition_decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    merit_person = models.ForeignKey(Person, verbose_name=_("người có công (của thân nhân)"),
                                     on_delete=models.PROTECT, null=True, blank=True, related_name="relatives")
    relationship = models.ForeignKey(RelativeType, verbose_name=_("quan hệ"), on_delete=models.PROTECT,
                                     to_field="code", db_column="relationship_code", null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ người có công")
        verbose_name_plural = _("hồ sơ người có công")
        ordering = ["-created_at"]
        constraints = [
            approver_not_submitter("merit_approver_not_submitter"),
            models.CheckConstraint(
                condition=models.Q(merit_person__isnull=True, relationship__isnull=True)
                | models.Q(merit_person__isnull=False, relationship__isnull=False),
                name="merit_relative_has_person_and_relationship",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.category}"

    @property
    def is_relative(self) -> bool:
        return self.merit_person_id is not None

    @property
    def for_deceased(self) -> bool:
        """A martyr's own record: the person is deceased by definition."""
        return self.category.is_deceased_category and self.merit_person_id is None

    def get_flags_display(self) -> list[str]:
        return [MeritFlag(flag).label for flag in self.flags if flag in MeritFlag.values]


class LivingArrangement(models.TextChoices):
    WITH_FAMILY = "with_family", _("Sống cùng gia đình")
    ALONE = "alone", _("Sống một mình")
    CARETAKER = "caretaker", _("Được cá nhân/hộ nhận chăm sóc")
    FACILITY = "facility", _("Sống tại cơ sở trợ giúp xã hội")


@pghistory.track()
class ProtectionProfile(CaseWorkflow):
    """A social-protection beneficiary (đối tượng bảo trợ xã hội)."""

    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT,
                               related_name="protection_profiles")
    group = models.ForeignKey(ProtectionGroup, verbose_name=_("nhóm đối tượng"), on_delete=models.PROTECT,
                              to_field="code", db_column="group_code")
    children_count = models.PositiveSmallIntegerField(_("số con đang nuôi"), null=True, blank=True)
    wants_facility_care = models.BooleanField(_("có nguyện vọng vào cơ sở trợ giúp xã hội"), default=False)
    living_arrangement = models.CharField(_("hoàn cảnh sống"), max_length=12, choices=LivingArrangement.choices,
                                          default=LivingArrangement.WITH_FAMILY)
    studying_until = models.DateField(_("đang đi học đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ bảo trợ xã hội")
        verbose_name_plural = _("hồ sơ bảo trợ xã hội")
        ordering = ["-created_at"]
        constraints = [approver_not_submitter("protection_approver_not_submitter")]

    def __str__(self):
        return f"{self.person} — {self.group}"


@pghistory.track()
class ProfileChild(models.Model):
    """A child a single parent (DON_THAN) is raising: paid per child under 16, or under 22 while studying."""

    profile = models.ForeignKey(ProtectionProfile, verbose_name=_("hồ sơ"), on_delete=models.CASCADE,
                                related_name="children")
    child = models.ForeignKey(Person, verbose_name=_("con"), on_delete=models.PROTECT, related_name="+")
    studying_until = models.DateField(_("đang đi học đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("con đang nuôi")
        verbose_name_plural = _("con đang nuôi")
        ordering = ["child__date_of_birth", "id"]
        constraints = [models.UniqueConstraint(fields=["profile", "child"], name="profile_child_once")]

    def __str__(self):
        return f"{self.profile_id}: {self.child_id}"


# ------------------------------------------------------------------------------
# Annual poverty review
# ------------------------------------------------------------------------------
@pghistory.track()
class PovertyReview(BaseModel):
    household = models.ForeignKey(Household, verbose_name=_("hộ"), on_delete=models.PROTECT,
                                  related_name="poverty_reviews")
    year = models.PositiveSmallIntegerField(_("năm rà soát"))
    standard = models.ForeignKey(PovertyStandard, verbose_name=_("chuẩn áp dụng"), on_delete=models.PROTECT)
    is_urban = models.BooleanField(_("khu vực thành thị"))
    income_per_capita = models.PositiveIntegerField(_("thu nhập bình quân (đồng/người/tháng)"))
    deprivations = models.ManyToManyField(DeprivationIndicator, verbose_name=_("chỉ số thiếu hụt"), blank=True)
    deprivation_count = models.PositiveSmallIntegerField(_("số chỉ số thiếu hụt"), default=0)
    classification = models.CharField(_("kết quả"), max_length=10, choices=Classification.choices, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("kết quả rà soát hộ nghèo")
        verbose_name_plural = _("kết quả rà soát hộ nghèo")
        ordering = ["-year", "household__code"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="poverty_review_one_per_year")]
        # the latest review year of an area (indicators): walked from the top, it stops at the first review
        indexes = [models.Index(fields=["-year"], name="poverty_review_year")]

    def __str__(self):
        return f"{self.household.code} {self.year}: {self.get_classification_display()}"


# ------------------------------------------------------------------------------
# Documents (scans); served only through scoped views, never as public media
# ------------------------------------------------------------------------------
class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("Căn cước/CMND")
    DECISION = "decision", _("Quyết định")
    CERTIFICATE = "certificate", _("Giấy xác nhận (khuyết tật, hộ nghèo…)")
    APPLICATION = "application", _("Tờ khai/đơn đề nghị")
    PHOTO = "photo", _("Ảnh")
    OTHER = "other", _("Khác")


def document_path(instance, filename):
    return f"documents/{instance.person_id}/{filename}"


@pghistory.track()
class Document(BaseModel):
    person = models.ForeignKey(Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="documents")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    attached_to = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("loại giấy tờ"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("mô tả"), max_length=200, blank=True)
    file = models.FileField(_("tệp"), upload_to=document_path)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("giấy tờ đính kèm")
        verbose_name_plural = _("giấy tờ đính kèm")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or self.get_kind_display()
