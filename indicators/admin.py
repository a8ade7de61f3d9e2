from django.contrib import admin

from indicators.models import AreaStatistic, Indicator, IndicatorSnapshot, ReportedValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "unit", "target_value", "target_year", "higher_is_better")
    list_filter = ("kind",)


@admin.register(ReportedValue)
class ReportedValueAdmin(admin.ModelAdmin):
    """Figures no record here holds (e.g. the trained-labour rate), entered with their source."""

    list_display = ("indicator", "area", "as_of", "value", "source", "created_by")
    raw_id_fields = ("area",)
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AreaStatistic)
class AreaStatisticAdmin(admin.ModelAdmin):
    list_display = ("area", "year", "households", "population", "source", "updated_at")
    list_filter = ("year",)
    raw_id_fields = ("area",)
    search_fields = ("area__name", "area__code")


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ("indicator", "area", "as_of", "numerator", "denominator", "value", "computed_at")
    list_filter = ("indicator", "as_of")

    def has_change_permission(self, request, obj=None):
        return False
