import django_filters
from django.db.models import Q

from areas.models import Area, Level


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label="Mã đơn vị cấp trên (con trực tiếp)")
    within = django_filters.CharFilter(method="filter_within", label="Mã đơn vị: nó và mọi đơn vị bên dưới")
    q = django_filters.CharFilter(method="filter_q", label="Tìm theo tên (không dấu) hoặc mã")

    class Meta:
        model = Area
        fields = ["level", "parent", "kind", "is_active", "is_urban"]

    def filter_within(self, queryset, name, value):
        area = Area.objects.filter(code=value).first()
        return queryset.within(area) if area else queryset.none()

    def filter_q(self, queryset, name, value):
        # unaccent is bilateral: "bac giang" finds "Phường Bắc Giang".
        return queryset.filter(Q(name__unaccent__icontains=value) | Q(code=value))
