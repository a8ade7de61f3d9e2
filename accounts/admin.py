from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "area", "is_active", "last_login")
    list_filter = ("role", "is_active", "area__level")
    filter_horizontal = ()
    search_fields = ("username", "full_name", "email", "area__name", "area__code")
    list_select_related = ("area",)
    raw_id_fields = ("area",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email")}),
        (_("Vai trò và địa bàn"), {"fields": ("role", "area")}),
        (_("Trạng thái"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "role", "area", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
