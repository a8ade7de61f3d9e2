from django.contrib import admin

from common.admin import ReadOnlyAdmin
from jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Every user's background jobs, to follow up a failure; the job page shows the details."""

    list_display = ("id", "kind", "import_kind", "status", "message", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("upload_name", "created_by__username")
    exclude = ("errors", "params")
