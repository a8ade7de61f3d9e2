from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are shown, never edited here: the services enforce the rules and the scope."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
