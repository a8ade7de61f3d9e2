import pghistory
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.models import Area, Level


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")  # registers and submits cases in one commune
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND xã")  # chairman/vice-chairman: decides commune-level cases
    SO_SPECIALIST = "so_specialist", _("Chuyên viên Sở")  # reviews cases, prepares payment batches
    SO_LEADER = "so_leader", _("Lãnh đạo Sở")  # approves batches and housing support; can do what a specialist does
    VIEWER = "viewer", _("Thống kê")  # reads statistics, indicators and reports
    ADMIN = "admin", _("Quản trị hệ thống")  # users, roles, reference data


class Agency(models.TextChoices):
    """The provincial departments that took over from the former Sở LĐ-TB&XH (NĐ 45/2025; LAW-2026.md §9)."""

    NOI_VU = "noi_vu", _("Sở Nội vụ")  # people with meritorious service, their housing support
    Y_TE = "y_te", _("Sở Y tế")  # social assistance, facilities
    NN_MT = "nn_mt", _("Sở Nông nghiệp và Môi trường")  # poverty reduction


SO_ROLES = frozenset({Role.SO_SPECIALIST, Role.SO_LEADER})
COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})
# Who registers and submits cases (DESIGN.md §4): the commune and the Sở.
REGISTRARS = (Role.COMMUNE_OFFICER, Role.SO_SPECIALIST, Role.SO_LEADER)
# Who decides (approve, reject, return, suspend, end): the Sở; a leader can do what a specialist does.
DECIDERS = (Role.SO_SPECIALIST, Role.SO_LEADER)
# Who may decide a profile or an enrollment at all; which one decides is the decision table's (programs.authority).
CASE_DECIDERS = (*DECIDERS, Role.COMMUNE_LEADER)


class StaffUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


@pghistory.track(fields=["username", "full_name", "role", "area", "agency", "is_active"], model_name="UserEvent")
class User(AbstractUser):
    """A staff member, with one role and the administrative unit they work in.

    The area is the user's scope: they see and change records in that area and
    everything under it. Only an administrator may have no area (whole country).
    """

    first_name = None
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    area = models.ForeignKey(
        Area, verbose_name=_("địa bàn phụ trách"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="users",
    )
    agency = models.CharField(
        _("cơ quan"), max_length=8, choices=Agency.choices, blank=True,
        help_text=_("Sở của chuyên viên, lãnh đạo Sở (bắt buộc); với người xem thống kê: chỉ xem của Sở này."))

    objects = StaffUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(area__isnull=False),
                name="user_area_required_unless_admin",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # The admin site is for administrators only: the role decides, not a separate flag.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        if kwargs.get("update_fields") is not None and "role" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        password_changed = self._password is not None  # set_password() was called on this object
        super().save(*args, **kwargs)
        if self.pk and (password_changed or not self.is_active):  # a new password or a closed account: no token
            ApiToken.objects.filter(user=self).delete()

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.get_full_name()

    def clean(self):
        super().clean()
        if self.role != Role.ADMIN and self.area_id is None:
            raise ValidationError({"area": _("Người dùng (trừ quản trị) phải được giao một địa bàn.")})
        if self.role in COMMUNE_ROLES and self.area_id and self.area.level != Level.COMMUNE:
            raise ValidationError({"area": _("Cán bộ, lãnh đạo xã phải được giao một xã/phường/đặc khu, không phải cấp "
                                             "trên.")})
        if self.role in SO_ROLES and not self.agency:
            raise ValidationError({"agency": _("Chuyên viên, lãnh đạo Sở phải thuộc một Sở: Nội vụ, Y tế hoặc Nông "
                                               "nghiệp và Môi trường.")})
        if self.agency and self.role not in (*SO_ROLES, Role.VIEWER):
            raise ValidationError({"agency": _("Chỉ chuyên viên, lãnh đạo Sở và người xem thống kê thuộc một Sở.")})
        if self.area_id and not self.area.is_active:
            raise ValidationError({"area": _("Đơn vị hành chính này đã ngừng hiệu lực.")})

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class LoginFailure(models.Model):
    """A failed sign-in (page or API token): the lockout counts these (accounts/lockout.py)."""

    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("các lần đăng nhập sai")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"


class ApiToken(models.Model):
    """An API token (``Authorization: Token <key>``): only its SHA-256 is stored; it expires after
    ``API_TOKEN_HOURS``; a new password, a deactivation or a lockout revokes every token of the user."""

    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    prefix = models.CharField(_("đầu mã"), max_length=8, help_text=_("Tám ký tự đầu, để phân biệt các mã."))
    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), db_index=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    created_ip = models.GenericIPAddressField(_("cấp cho IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.prefix}…"


class ReadKind(models.TextChoices):
    VIEW = "view", _("Xem")
    EXPORT = "export", _("Xuất danh sách")
    DOWNLOAD = "download", _("Tải tệp")


class ReadLog(models.Model):
    """Who viewed a person, exported a list (with its filters and row count) or downloaded a document or PDF.

    Its own table, never shown in the registry's history; kept ``READ_LOG_RETENTION_DAYS`` (purge_read_log).
    """

    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.SET_NULL, null=True,
                             related_name="+")
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    kind = models.CharField(_("loại"), max_length=10, choices=ReadKind.choices)
    what = models.CharField(_("nội dung"), max_length=100, help_text=_("person, persons, batch_lines, document…"))
    object_id = models.BigIntegerField(_("mã bản ghi"), null=True, blank=True)
    person_id = models.BigIntegerField(_("mã người"), null=True, blank=True, db_index=True)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.what} {self.at:%d/%m/%Y %H:%M}"
