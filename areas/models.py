import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")  # gone since 2025-07-01; kept for three-level trees and old records
    COMMUNE = "commune", _("Cấp xã")


class Kind(models.TextChoices):
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
    QUAN = "quan", _("Quận")
    HUYEN = "huyen", _("Huyện")
    THI_XA = "thi_xa", _("Thị xã")
    PHUONG = "phuong", _("Phường")
    XA = "xa", _("Xã")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")


class AreaQuerySet(models.QuerySet):
    def within(self, area: "Area") -> "AreaQuerySet":
        """Return ``area`` and every unit under it (one indexed prefix query)."""
        return self.filter(path__startswith=area.path)

    def active(self) -> "AreaQuerySet":
        return self.filter(is_active=True)

    def communes(self) -> "AreaQuerySet":
        return self.filter(level=Level.COMMUNE)

    def provinces(self) -> "AreaQuerySet":
        return self.filter(level=Level.PROVINCE)


class Area(models.Model):
    """An administrative unit in force: province > [district] > commune.

    ``path`` is the chain of codes from the root ("/24/09370/"), so "this area
    and everything under it" is ``path LIKE '/24/%'`` on a btree
    (varchar_pattern_ops) index, whatever the depth of the tree.
    """

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn mã"), max_length=100, unique=True, editable=False)
    is_urban = models.BooleanField(
        _("khu vực thành thị"), default=False,
        help_text=_("Phường là thành thị; dùng để chọn chuẩn nghèo thành thị hay nông thôn."),
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="area_only_provinces_are_roots",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id and self.parent.level == Level.COMMUNE:
            # accounts.scoping.within matches a commune's rows by key: nothing may lie under one
            raise ValueError(f"{self.code}: a commune cannot contain other units")
        self.path = self.build_path(self.code, self.parent.path if self.parent_id else "")
        super().save(*args, **kwargs)

    @staticmethod
    def build_path(code: str, parent_path: str = "") -> str:
        return f"{parent_path or '/'}{code}/"

    @property
    def province_path(self) -> str:
        """The path of the province this unit lies in (its own for a province)."""
        return "/" + self.path.strip("/").split("/")[0] + "/"

    def province(self) -> "Area":
        return self if self.level == Level.PROVINCE else Area.objects.get(path=self.province_path)

    def ancestors(self) -> "AreaQuerySet":
        """Return the units above this one, root first."""
        codes = self.path.strip("/").split("/")[:-1]
        return Area.objects.filter(code__in=codes).order_by("path")


class LegacyArea(models.Model):
    """A unit of the pre-2025 three-level list (63 provinces, 696 districts, 10,051 communes).

    Kept to read addresses written before the reform; codes are zero-padded by
    level (province 2, district 3, commune 5 digits), so they never collide.
    """

    code = models.CharField(_("mã cũ"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    successors = models.ManyToManyField(
        Area, through="LegacyAreaSuccession", related_name="predecessors", verbose_name=_("đơn vị mới"),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính cũ (trước 01/7/2025)")
        verbose_name_plural = _("đơn vị hành chính cũ (trước 01/7/2025)")
        ordering = ["code"]

    def __str__(self):
        return self.name


class LegacyAreaSuccession(models.Model):
    """Old unit → new unit, from the official conversion table effective 2025-07-01."""

    legacy = models.ForeignKey(LegacyArea, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE,
                               related_name="successions")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    is_partly_merged = models.BooleanField(
        _("chỉ một phần sáp nhập"), default=False,
        help_text=_("Đơn vị cũ bị chia cho nhiều đơn vị mới: cần địa chỉ chi tiết để biết đơn vị mới."),
    )

    class Meta:
        verbose_name = _("chuyển đổi đơn vị hành chính")
        verbose_name_plural = _("chuyển đổi đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["legacy", "area"], name="legacy_succession_unique")]

    def __str__(self):
        return f"{self.legacy} → {self.area}"


@pghistory.track()
class RemotePeriod(models.Model):
    """A period in which an area counts as remote (vùng sâu, vùng xa, đi lại khó khăn).

    Longer complaint deadlines apply there (Luật Khiếu nại 2011, Điều 28, 37). Entered by an administrator from
    the province's or the Government's list; effective-dated, so past cases keep the status of their day.
    """

    area = models.ForeignKey(Area, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="remote_periods")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        verbose_name = _("thời gian là vùng sâu, vùng xa")
        verbose_name_plural = _("vùng sâu, vùng xa (thời hạn khiếu nại dài hơn)")
        ordering = ["area", "-valid_from"]
        constraints = [models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
            name="remote_period_valid_to_after_from")]

    def __str__(self):
        return f"{self.area} {self.valid_from:%d/%m/%Y} – {self.valid_to or '…'}"

    @staticmethod
    def covers(area: "Area", day) -> bool:
        """Whether ``area`` (or the unit above it) counts as remote on ``day``."""
        return RemotePeriod.objects.filter(area__path__in=_paths_up(area.path), valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)).exists()


def _paths_up(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1)]
