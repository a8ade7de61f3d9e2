"""Admin: reference data is edited here; records are read-only (they change through the services).

Every tracked record's page has pghistory's "Events" button with its audit history.
"""

from django.contrib import admin

from beneficiaries.models import (
    DeprivationIndicator,
    Document,
    Household,
    IdIssuingProvince,
    MeritCategory,
    MeritProfile,
    Person,
    PovertyReview,
    PovertyStandard,
    ProtectionGroup,
    ProtectionProfile,
    RelativeType,
)
from common.admin import ReadOnlyAdmin
from common.models import Transition


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "valid_from", "valid_to", "legal_basis")
    search_fields = ("code", "name")
    ordering = ("sort_order", "code")


admin.site.register(RelativeType, ReferenceAdmin)
admin.site.register(DeprivationIndicator, ReferenceAdmin)


@admin.register(MeritCategory)
class MeritCategoryAdmin(ReferenceAdmin):
    list_display = ("code", "name", "injury_rate_min", "injury_rate_max", "is_deceased_category", "valid_from",
                    "valid_to")


@admin.register(ProtectionGroup)
class ProtectionGroupAdmin(ReferenceAdmin):
    list_display = ("code", "article", "name", "requires_children_count", "valid_from", "valid_to")


@admin.register(PovertyStandard)
class PovertyStandardAdmin(ReferenceAdmin):
    list_display = ("code", "jurisdiction", "valid_from", "valid_to", "rural_poverty_line", "urban_poverty_line",
                    "rural_average_line", "urban_average_line")
    raw_id_fields = ("jurisdiction",)
    ordering = ("valid_from",)


@admin.register(IdIssuingProvince)
class IdIssuingProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("code", "head", "area", "address", "created_at")
    list_select_related = ("head", "area")
    search_fields = ("code", "address")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "date_of_birth", "sex", "national_id", "area", "date_of_death")
    list_filter = ("sex", "payment_channel")
    list_select_related = ("area",)
    search_fields = ("full_name", "national_id")


class ProfileAdmin(ReadOnlyAdmin):
    list_filter = ("status",)
    list_select_related = ("person__area",)
    search_fields = ("person__full_name", "person__national_id", "decision_no")


@admin.register(MeritProfile)
class MeritProfileAdmin(ProfileAdmin):
    list_display = ("person", "category", "injury_rate", "status", "submitted_at", "approved_at")
    list_select_related = ("person__area", "category")
    list_filter = ("status", "category")


@admin.register(ProtectionProfile)
class ProtectionProfileAdmin(ProfileAdmin):
    list_display = ("person", "group", "status", "submitted_at", "approved_at")
    list_select_related = ("person__area", "group")
    list_filter = ("status", "group")


@admin.register(PovertyReview)
class PovertyReviewAdmin(ReadOnlyAdmin):
    list_display = ("household", "year", "income_per_capita", "deprivation_count", "classification", "standard")
    list_filter = ("year", "classification")
    list_select_related = ("household__head", "standard")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("person", "kind", "title", "size", "uploaded_by", "created_at")
    list_select_related = ("person", "uploaded_by")


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ("content_type", "object_id", "from_status", "to_status", "by", "at", "reason")
    list_filter = ("content_type", "to_status")
    list_select_related = ("content_type", "by")
