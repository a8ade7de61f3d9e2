from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import SO_ROLES, Agency, ReadLog, User
from common.admin import ReadOnlyAdmin


class MissingAgencyFilter(admin.SimpleListFilter):
    """Sở accounts created before the 2025 reform have no department: list them to assign one."""

    title = _("cơ quan")
    parameter_name = "co_quan"

    def lookups(self, request, model_admin):
        return [("thieu", _("Tài khoản Sở chưa có Sở")), *Agency.choices]

    def queryset(self, request, queryset):
        if self.value() == "thieu":
            return queryset.filter(role__in=SO_ROLES, agency="")
        if self.value() in Agency.values:
            return queryset.filter(agency=self.value())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "agency", "area", "is_active", "last_login")
    list_filter = (MissingAgencyFilter, "role", "is_active", "area__level")
    filter_horizontal = ()
    search_fields = ("username", "full_name", "email", "area__name", "area__code")
    list_select_related = ("area",)
    raw_id_fields = ("area",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email")}),
        (_("Vai trò và địa bàn"), {"fields": ("role", "agency", "area")}),
        (_("Trạng thái"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "role", "agency", "area", "password1",
                                                  "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def changelist_view(self, request, extra_context=None):
        missing = User.objects.filter(role__in=SO_ROLES, agency="", is_active=True).count()
        if missing:
            messages.warning(request, _("%(n)s tài khoản Sở chưa được giao Sở (lọc “cơ quan: Tài khoản Sở chưa có "
                                        "Sở”), giao bằng lệnh manage.py assign_agency hoặc sửa tại đây.")
                             % {"n": missing})
        return super().changelist_view(request, extra_context)


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdmin):
    """Who viewed, exported or downloaded personal data: read only."""

    list_display = ("at", "username", "kind", "what", "object_id", "person_id", "rows", "ip")
    list_filter = ("kind", "what")
    search_fields = ("username", "path")
    date_hierarchy = "at"
