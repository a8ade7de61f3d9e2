from django.contrib import admin

from common.admin import ReadOnlyAdmin
from complaints.models import Complaint, DeadlineRule, Holiday


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """How many days each kind of case may take; a new rule with a later start replaces the old one from then."""

    list_display = ("kind", "days", "count_weekends", "valid_from", "valid_to", "legal_basis")
    list_filter = ("kind",)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "complainant_name", "area", "received_on", "due_on", "status", "assignee")
    list_filter = ("status", "kind", "channel")
    list_select_related = ("area", "assignee")
    search_fields = ("complainant_name", "content", "decision_no")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Public holidays and moved days off, entered each year as the Government announces them."""

    list_display = ("day", "name")
    date_hierarchy = "day"
