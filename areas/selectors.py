"""Reads of administrative units. Units are public reference data: not scoped."""

from django.db.models import QuerySet

from areas.models import Area, LegacyArea


def area_list() -> QuerySet[Area]:
    return Area.objects.select_related("parent")


def legacy_area_list() -> QuerySet[LegacyArea]:
    return LegacyArea.objects.select_related("parent").prefetch_related("successions__area")
