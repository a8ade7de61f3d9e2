import django_filters

from accounts.masking import may_search_identifiers
from beneficiaries.models import (
    Classification,
    Household,
    MeritProfile,
    Person,
    PovertyReview,
    ProtectionProfile,
    Sex,
)
from beneficiaries.selectors import person_search
from common.filters import AreaCodeFilter
from common.models import CaseStatus


class PersonFilter(django_filters.FilterSet):
    area = AreaCodeFilter()
    q = django_filters.CharFilter(method="filter_q", label="Họ tên (không dấu cũng được) hoặc số định danh")
    national_id = django_filters.CharFilter(method="filter_national_id",
                                            label="Số định danh (đúng cả số; người xem thống kê: không tìm được)")
    household = django_filters.NumberFilter(field_name="household_id")
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    alive = django_filters.BooleanFilter(field_name="date_of_death", lookup_expr="isnull", label="Còn sống")

    class Meta:
        model = Person
        fields = ["area", "q", "national_id", "household", "sex", "alive"]

    def __init__(self, data=None, queryset=None, *, request=None, user=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.user = user or getattr(request, "user", None)  # who searches: identifiers only for who sees them

    def filter_q(self, queryset, name, value):
        return person_search(queryset, value, user=self.user)

    def filter_national_id(self, queryset, name, value):
        if not may_search_identifiers(self.user):
            return queryset.none()  # a match would confirm a guessed number the user may only see masked
        return queryset.filter(national_id=value)


class HouseholdFilter(django_filters.FilterSet):
    area = AreaCodeFilter()
    code = django_filters.CharFilter()

    class Meta:
        model = Household
        fields = ["area", "code"]


class _ProfileFilter(django_filters.FilterSet):
    area = AreaCodeFilter(area_field="person__area")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    person = django_filters.NumberFilter(field_name="person_id")


class MeritProfileFilter(_ProfileFilter):
    category = django_filters.CharFilter(field_name="category_id")
    relationship = django_filters.CharFilter(field_name="relationship_id")

    class Meta:
        model = MeritProfile
        fields = ["area", "status", "person", "category", "relationship"]


class ProtectionProfileFilter(_ProfileFilter):
    group = django_filters.CharFilter(field_name="group_id")
    wants_facility_care = django_filters.BooleanFilter()

    class Meta:
        model = ProtectionProfile
        fields = ["area", "status", "person", "group", "wants_facility_care"]


class PovertyReviewFilter(django_filters.FilterSet):
    area = AreaCodeFilter(area_field="household__area")
    year = django_filters.NumberFilter()
    classification = django_filters.ChoiceFilter(choices=Classification.choices)
    household = django_filters.NumberFilter(field_name="household_id")

    class Meta:
        model = PovertyReview
        fields = ["area", "year", "classification", "household"]
