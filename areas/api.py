import django_filters
from rest_framework import viewsets

from areas.filters import AreaFilter
from areas.models import LegacyArea, Level
from areas.selectors import area_list, legacy_area_list
from areas.serializers import AreaSerializer, LegacyAreaSerializer


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units in force, referenced by their official code."""

    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    lookup_field = "code"

    def get_queryset(self):
        return area_list()


class LegacyAreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = LegacyArea
        fields = ["level", "parent"]


class LegacyAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Pre-2025 units with the current units that replaced them."""

    serializer_class = LegacyAreaSerializer
    filterset_class = LegacyAreaFilter
    lookup_field = "code"

    def get_queryset(self):
        return legacy_area_list()
