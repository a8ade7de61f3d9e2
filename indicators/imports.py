"""Import of total households and population per area and year (the poverty-rate denominators)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import DECIDERS, Role
from accounts.scoping import areas_in_scope, in_scope
from areas.models import Area
from common.importing import Column, ImportSpec
from indicators.models import AreaStatistic


class AreaStatisticImport(ImportSpec):
    kind = "area_statistics"
    title = _lazy("Số liệu dân cư (tổng số hộ, dân số)")
    roles = (*DECIDERS, Role.ADMIN)
    scope_column = "area_code"
    counts = {"statistics": _lazy("Dòng số liệu")}
    columns = (
        Column("area_code", _lazy("Mã địa bàn"), required=True, kind="code", list_name="areas", width=30, digits=5,
               help=_lazy("Mã tỉnh hoặc xã/phường (chọn trong danh sách).")),
        Column("year", _lazy("Năm"), required=True, kind="int", width=8),
        Column("households", _lazy("Tổng số hộ"), required=True, kind="int", width=12),
        Column("population", _lazy("Dân số"), kind="int", width=12),
        Column("source", _lazy("Nguồn số liệu"), width=30),
    )
    notes = (_lazy("Đã có số liệu của địa bàn và năm đó thì số liệu mới thay thế."),)

    def lists(self, by):
        return {"areas": [f"{a.code} {a.name}" for a in areas_in_scope(by).order_by("level", "code")]}

    def plan(self, rows, *, by, errors):
        codes = {r.values["area_code"] for r in rows if r.values["area_code"]}
        areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
        plan, seen = [], {}
        for row in rows:
            v = row.values
            area = areas.get(v["area_code"])
            if v["area_code"] and area is None:
                self.error(errors, row, "area_code", _("Không có đơn vị mã “%(c)s”.") % {"c": v["area_code"]})
                continue
            if area is not None and not in_scope(by, area):
                self.error(errors, row, "area_code", _("“%(a)s” nằm ngoài địa bàn được giao.") % {"a": area.name})
                continue
            if v["year"] is not None and not 2000 <= v["year"] <= 2100:
                self.error(errors, row, "year", _("Năm phải từ 2000 đến 2100."))
            if v["population"] is not None and v["households"] is not None and v["population"] < v["households"]:
                self.error(errors, row, "population", _("Dân số không thể nhỏ hơn số hộ."))
            if area is None or v["year"] is None or v["households"] is None:
                continue
            key = (area.code, v["year"])
            if key in seen:
                self.error(errors, row, "year", _("Trùng đơn vị và năm với dòng %(n)s.") % {"n": seen[key]})
                continue
            seen[key] = row.number
            plan.append(AreaStatistic(area=area, year=v["year"], households=v["households"],
                                      population=v["population"], source=(v["source"] or "")[:200], updated_by=by))
        return plan, {"statistics": len(plan)}

    def write(self, plan, *, by, submit):
        AreaStatistic.objects.bulk_create(plan, update_conflicts=True, unique_fields=["area", "year"],
                                          update_fields=["households", "population", "source", "updated_by",
                                                         "updated_at"])
        return {"statistics": len(plan)}
