import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DECIDERS, Role, User
from accounts.scoping import ensure_in_scope, in_scope, require_role
from areas.models import Area, Level
from common.exceptions import DomainError
from common.tables import read_table
from indicators.models import AreaStatistic, IndicatorSnapshot
from indicators.selectors import figures_with_communes


def resolve(user: User, area_code: str | None, as_of: str | datetime.date | None) -> tuple[Area, datetime.date]:
    """The area (default: the user's) and date (default: today in Asia/Ho_Chi_Minh) of a request, in scope."""
    if isinstance(as_of, datetime.date):
        day = as_of
    elif as_of:
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError as exc:
            raise DomainError(_("as_of phải có dạng YYYY-MM-DD."), code="bad_date") from exc
    else:
        day = timezone.localdate()
    if area_code:
        area = Area.objects.filter(code=area_code).first()
        if area is None:
            raise DomainError(_("Không có đơn vị hành chính mã “%(c)s”.") % {"c": area_code}, code="unknown_area")
    elif user.area_id:
        area = user.area
    else:
        raise DomainError(_("Chọn địa bàn (area)."), code="area_required")
    ensure_in_scope(user, area)
    return area, day


@transaction.atomic
def snapshot_indicators(*, as_of: datetime.date, province_code: str | None = None) -> int:
    """Store every computed indicator for every province, and every commune with data, on ``as_of``.

    The commune values are the province's breakdown (the figures the dashboard shows), so a province costs
    one grouped query per indicator. Upsert: running it twice changes nothing.
    """
    provinces = Area.objects.filter(level=Level.PROVINCE, is_active=True)
    if province_code:
        provinces = provinces.filter(code=province_code)
    rows = []
    for province in provinces:
        communes = {a.code: a for a in Area.objects.filter(path__startswith=province.path, level=Level.COMMUNE)}
        for figure, breakdown in figures_with_communes(province, as_of):
            rows.append(IndicatorSnapshot(indicator=figure.indicator, area=province, as_of=as_of,
                                          numerator=figure.numerator, denominator=figure.denominator,
                                          value=figure.value))
            rows += [IndicatorSnapshot(indicator=figure.indicator, area=communes[r["area"]], as_of=as_of,
                                       numerator=r["numerator"], denominator=r["denominator"], value=r["value"])
                     for r in breakdown]
    IndicatorSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["indicator", "area", "as_of"],
                                          update_fields=["numerator", "denominator", "value", "computed_at"])
    return len(rows)



STAT_COLUMNS = ["area_code", "year", "households", "population", "source"]


@transaction.atomic
def area_statistics_import(*, by: User, filename: str, content: bytes) -> int:
    """Load total households and population per area and year (CSV or XLSX), all rows or none.

    Rows are upserted by (area, year); each area must lie in the user's scope.
    """
    require_role(by, *DECIDERS, Role.ADMIN)
    table = read_table(filename, content)
    header = [h.strip().lower() for h in (table[0] if table else [])]
    if header[:4] != STAT_COLUMNS[:4]:
        raise ValidationError({"file": [_("Tiêu đề phải là: %(cols)s") % {"cols": ",".join(STAT_COLUMNS)}]})
    areas = {a.code: a for a in Area.objects.filter(code__in=[r[0].strip() for r in table[1:] if r])}
    errors, rows, seen = [], [], set()
    for line, raw in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in raw):
            continue
        cells = [str(c).strip() for c in raw] + [""] * 5
        code, year, households, population, source = cells[:5]
        area = areas.get(code)
        if area is None:
            errors.append(_("Dòng %(n)s: không có đơn vị mã “%(c)s”.") % {"n": line, "c": code})
            continue
        if not in_scope(by, area):
            errors.append(_("Dòng %(n)s: “%(a)s” ngoài địa bàn được giao.") % {"n": line, "a": area.name})
            continue
        try:
            year_i, households_i = int(year), int(households)
            population_i = int(population) if population else None
        except ValueError:
            errors.append(_("Dòng %(n)s: năm, số hộ và dân số phải là số nguyên.") % {"n": line})
            continue
        if not 2000 <= year_i <= 2100 or households_i < 0 or (population_i is not None and population_i < households_i):
            errors.append(_("Dòng %(n)s: năm, số hộ hoặc dân số không hợp lý.") % {"n": line})
            continue
        if (code, year_i) in seen:
            errors.append(_("Dòng %(n)s: trùng đơn vị và năm.") % {"n": line})
            continue
        seen.add((code, year_i))
        rows.append(AreaStatistic(area=area, year=year_i, households=households_i, population=population_i,
                                  source=source, updated_by=by))
    if errors:
        raise ValidationError({"file": errors})
    AreaStatistic.objects.bulk_create(rows, update_conflicts=True, unique_fields=["area", "year"],
                                      update_fields=["households", "population", "source", "updated_by", "updated_at"])
    return len(rows)
