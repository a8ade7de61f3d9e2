from django.contrib import admin

from areas.models import Area, LegacyArea, LegacyAreaSuccession, RemotePeriod


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "is_urban", "is_active")
    list_filter = ("level", "kind", "is_urban", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    readonly_fields = ("path",)


class SuccessionInline(admin.TabularInline):
    model = LegacyAreaSuccession
    raw_id_fields = ("area",)
    extra = 0


@admin.register(LegacyArea)
class LegacyAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    inlines = [SuccessionInline]


@admin.register(RemotePeriod)
class RemotePeriodAdmin(admin.ModelAdmin):
    """Remote communes (vùng sâu, vùng xa): longer complaint deadlines while the period covers the day of acceptance."""

    list_display = ("area", "valid_from", "valid_to", "legal_basis")
    raw_id_fields = ("area",)
    search_fields = ("area__name", "area__code")
