import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from areas.models import Area


@pghistory.track()
class Indicator(models.Model):
    """A plan indicator: computed from the records, or reported (figures no record here holds)."""

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Tính từ hồ sơ")
        REPORTED = "reported", _("Báo cáo")

    class Unit(models.TextChoices):
        PERCENT = "percent", _("Tỷ lệ (%)")
        COUNT = "count", _("Số lượng")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.COMPUTED)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    target_value = models.DecimalField(_("mục tiêu"), max_digits=8, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("năm đạt mục tiêu"), null=True, blank=True)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    numerator_label = models.CharField(_("tử số"), max_length=300, blank=True)
    denominator_label = models.CharField(_("mẫu số"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    agency = models.CharField(_("Sở chủ trì"), max_length=8, choices=Agency.choices, blank=True,
                              help_text=_("Để trống: chỉ tiêu chung (nhiều Sở)."))

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


@pghistory.track()
class AreaStatistic(models.Model):
    """Denominators from the annual review that no record here holds (total households, population)."""

    area = models.ForeignKey(Area, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="statistics")
    year = models.PositiveSmallIntegerField(_("năm"))
    households = models.PositiveIntegerField(_("tổng số hộ"))
    population = models.PositiveIntegerField(_("dân số"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"),
                                   on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu dân cư")
        verbose_name_plural = _("số liệu dân cư")
        ordering = ["-year", "area__path"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="area_statistic_one_per_year")]

    def __str__(self):
        return f"{self.area} {self.year}"


@pghistory.track()
class ReportedValue(models.Model):
    """The value of a reported indicator for an area on a date, with its source."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="reported_values",
                                  limit_choices_to={"kind": Indicator.Kind.REPORTED})
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(_("ngày số liệu"))
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["-as_of"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "as_of"], name="reported_one_per_day")]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.as_of}: {self.value}"


class IndicatorSnapshot(models.Model):
    """A computed value kept for trends; ``snapshot_indicators`` upserts, so running it twice is harmless."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(_("ngày"))
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True)
    value = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh chụp chỉ tiêu")
        verbose_name_plural = _("ảnh chụp chỉ tiêu")
        ordering = ["as_of"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "as_of"], name="snapshot_one_per_day")]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.as_of}: {self.value}"
