import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import ensure_in_scope
from areas.models import Area, Level
from common.exceptions import DomainError
from indicators.models import IndicatorSnapshot
from indicators.selectors import figures


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
    """Store every computed indicator for every province and commune on ``as_of`` (upsert: safe to run twice)."""
    provinces = Area.objects.filter(level=Level.PROVINCE, is_active=True)
    if province_code:
        provinces = provinces.filter(code=province_code)
    areas = [a for p in provinces for a in Area.objects.filter(path__startswith=p.path, is_active=True)
             .exclude(level=Level.DISTRICT) if a.level == Level.PROVINCE or a.persons.exists()]
    rows = [IndicatorSnapshot(indicator=f.indicator, area=area, as_of=as_of, numerator=f.numerator,
                              denominator=f.denominator, value=f.value)
            for area in areas for f in figures(area, as_of)]
    IndicatorSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["indicator", "area", "as_of"],
                                          update_fields=["numerator", "denominator", "value", "computed_at"])
    return len(rows)

