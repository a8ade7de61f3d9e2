from django.contrib import admin

from common.admin import ReadOnlyAdmin
from housing.models import Disbursement, HousingCase, SupportLevel


@admin.register(SupportLevel)
class SupportLevelAdmin(admin.ModelAdmin):
    """Default amounts by programme; every case stores its own approved amount."""

    list_display = ("code", "name", "targets", "new_build_amount", "repair_amount", "valid_from", "valid_to",
                    "legal_basis")


@admin.register(HousingCase)
class HousingCaseAdmin(ReadOnlyAdmin):
    list_display = ("household", "person", "target", "support_type", "status", "approved_amount", "completed_on")
    list_filter = ("status", "target", "support_type")
    list_select_related = ("household__head", "person")
    search_fields = ("household__code", "person__full_name", "decision_no")


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ("case", "amount", "paid_on", "source", "is_advance")
    list_select_related = ("case__household",)
