import django_filters

from accounts.scoping import within
from areas.selectors import area_by_code


class AreaCodeFilter(django_filters.CharFilter):
    """Filter by an area code, including every unit under it (``area_field`` is the lookup to the Area FK)."""

    def __init__(self, *args, area_field: str = "area", **kwargs):
        kwargs.setdefault("label", "Mã đơn vị hành chính (gồm các đơn vị bên dưới)")
        super().__init__(*args, **kwargs)
        self.area_field = area_field

    def filter(self, qs, value):
        if not value:
            return qs
        area = area_by_code(value)
        if area is None:
            return qs.none()
        return qs.filter(within(area, self.area_field))
