import django_filters

from common.filters import AreaCodeFilter
from common.models import CaseStatus
from programs.models import Admission, Enrollment


class EnrollmentFilter(django_filters.FilterSet):
    area = AreaCodeFilter(area_field="person__area")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    program = django_filters.CharFilter(field_name="program__code")
    person = django_filters.NumberFilter(field_name="person_id")

    class Meta:
        model = Enrollment
        fields = ["area", "status", "program", "person"]


class AdmissionFilter(django_filters.FilterSet):
    facility = django_filters.NumberFilter(field_name="facility_id")
    person = django_filters.NumberFilter(field_name="person_id")
    current = django_filters.BooleanFilter(field_name="discharged_on", lookup_expr="isnull", label="Đang ở cơ sở")

    class Meta:
        model = Admission
        fields = ["facility", "person", "current"]
