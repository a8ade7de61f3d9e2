import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DECIDERS, Agency, Role, User
from accounts.scoping import ensure_in_scope, require_role
from areas.models import Area, Level
from common.exceptions import DomainError
from common.forms import parse_day
from indicators.models import Indicator, IndicatorSnapshot
from indicators.selectors import live_figures_with_communes
from jobs.models import Job
from jobs.services import job_start
from programs.authority import narrowed_agency

INDICATOR_SNAPSHOT = "indicator_snapshot"  # its kind of job (indicators/jobs.py)


def agency_for(user: User, requested: str | None) -> str | None:
    """The department a dashboard or report is limited to: a viewer bound to one always sees its own (and the
    shared indicators); anyone else may ask for one department (``?agency=``) or see all."""
    bound = narrowed_agency(user)
    if bound:
        return bound
    return requested if requested in Agency.values else None


def resolve(user: User, area_code: str | None, as_of: str | datetime.date | None) -> tuple[Area, datetime.date]:
    """The area (default: the user's) and date (default: today in Asia/Ho_Chi_Minh) of a request, in scope."""
    if isinstance(as_of, datetime.date):
        day = as_of
    elif as_of:
        try:
            day = parse_day(as_of)
        except ValueError as exc:
            raise DomainError(str(exc), code="bad_date") from exc
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


def snapshot_start(*, by: User, area_code: str | None, as_of) -> Job:
    """Queue ``snapshot_indicators`` for the province of ``area_code`` on ``as_of`` (a background job)."""
    require_role(by, *DECIDERS, Role.ADMIN)
    area, day = resolve(by, area_code, as_of)
    province = area.province()
    ensure_in_scope(by, province)
    return job_start(by=by, kind=INDICATOR_SNAPSHOT,
                     params={"as_of": day.isoformat(), "province": province.code})


@transaction.atomic
def snapshot_indicators(*, as_of: datetime.date, province_code: str | None = None) -> int:
    """Store every computed indicator, computed from the records, for every province and each of its communes
    on ``as_of``: the figures pages serve for that day (``indicators.selectors._stored``).

    Run for today every few minutes (``manage.py snapshot_indicators``, deploy/systemd/an-sinh-figures.timer),
    and its last run of a day stays as that day's snapshot. The commune values are the province's breakdown, so
    a province costs one grouped query per indicator. Upsert: running it twice changes nothing but the time.
    """
    provinces = Area.objects.filter(level=Level.PROVINCE, is_active=True)
    if province_code:
        provinces = provinces.filter(code=province_code)
    indicators = list(Indicator.objects.filter(kind=Indicator.Kind.COMPUTED))
    rows = []
    for province in provinces:
        communes = {a.code: a for a in Area.objects.filter(path__startswith=province.path, level=Level.COMMUNE)}
        for figure, breakdown in live_figures_with_communes(province, as_of, indicators):
            rows.append(IndicatorSnapshot(indicator=figure.indicator, area=province, as_of=as_of,
                                          numerator=figure.numerator, denominator=figure.denominator,
                                          value=figure.value))
            rows += [IndicatorSnapshot(indicator=figure.indicator, area=communes[r["area"]], as_of=as_of,
                                       numerator=r["numerator"], denominator=r["denominator"], value=r["value"])
                     for r in breakdown]
    IndicatorSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["indicator", "area", "as_of"],
                                          update_fields=["numerator", "denominator", "value", "computed_at"])
    return len(rows)
