"""The plan's computed indicators: numerator and denominator querysets for an area and a date.

Every definition answers "as of" a day: records approved, admitted, paid or
reviewed after that day are ignored, so a past date gives the figure of that
day. The breakdown by commune is one grouped query per part.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from areas.models import Area, Level
from beneficiaries.models import Classification, Household, MeritProfile, Person, PovertyReview, ProtectionProfile
from common.models import CaseStatus
from housing.selectors import merit_housing
from indicators.models import AreaStatistic, Indicator
from payments.models import CASHLESS, Payment, PaymentStatus
from programs.calculator import month_start
from programs.models import Admission, Enrollment, Facility, ProgramKind, Suspension, Target


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _alive(day) -> Q:
    return Q(date_of_death__isnull=True) | Q(date_of_death__gt=day)


def _approved_profile(model, day, **extra):
    """An approved profile on ``day``: approved by then and not suspended or ended by then.

    An approved profile cannot be edited, so its ``updated_at`` is the time of its last status change.
    """
    return Exists(model.objects.filter(person=OuterRef("pk"), status__in=[CaseStatus.APPROVED, CaseStatus.SUSPENDED,
                                                                          CaseStatus.ENDED],
                                       approved_at__lte=_end_of(day), **extra)
                  .exclude(status=CaseStatus.ENDED, updated_at__lte=_end_of(day))
                  .exclude(status=CaseStatus.SUSPENDED, updated_at__lte=_end_of(day)))


def _running_monthly(day, target) -> Exists:
    """An approved monthly cash enrollment of ``target`` paying on ``day`` (not suspended then)."""
    suspended = Suspension.objects.filter(enrollment=OuterRef("pk"), from_date__lte=day)\
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=day))
    running = Enrollment.objects.filter(
        person=OuterRef("pk"), program__target=target, program__kind=ProgramKind.MONTHLY_CASH,
        status__in=[CaseStatus.APPROVED, CaseStatus.SUSPENDED, CaseStatus.ENDED], approved_at__lte=_end_of(day),
        start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day)).exclude(Exists(suspended))
    return Exists(running)


def _persons(area: Area, day) -> QuerySet[Person]:
    return Person.objects.filter(area__path__startswith=area.path, created_at__lte=_end_of(day)).filter(_alive(day))


def _households(area: Area, day) -> QuerySet[Household]:
    return Household.objects.filter(area__path__startswith=area.path, created_at__lte=_end_of(day))


@dataclass(frozen=True)
class Parts:
    numerator: QuerySet
    denominator: QuerySet | None
    commune_field: str  # lookup to the Area of each row, for the breakdown by commune
    person_field: str | None  # lookup to the Person behind each row, for the records ("" = the row itself)
    denominator_override: int | None = None  # e.g. total households from AreaStatistic


def merit_paid(area, day):
    entitled = _persons(area, day).filter(_running_monthly(day, Target.MERIT))
    paid = Payment.objects.filter(person=OuterRef("pk"), period=month_start(day), status=PaymentStatus.PAID,
                                  paid_at__lte=_end_of(day), batch__program__target=Target.MERIT)
    return Parts(entitled.filter(Exists(paid)), entitled, "area", "")


def merit_living_standard(area, day):
    merit = _households(area, day).filter(Exists(MeritProfile.objects.filter(
        person__household=OuterRef("pk"), status=CaseStatus.APPROVED, approved_at__lte=_end_of(day))))
    latest = PovertyReview.objects.filter(household=OuterRef("pk"), year__lte=day.year,
                                          created_at__lte=_end_of(day)).order_by("-year")
    rated = merit.annotate(latest=Subquery(latest.values("classification")[:1]))
    return Parts(rated.filter(latest__in=[Classification.AVERAGE, Classification.OTHER]), merit, "area", "head")


def protection_monthly(area, day):
    approved = _persons(area, day).filter(_approved_profile(ProtectionProfile, day))
    return Parts(approved.filter(_running_monthly(day, Target.PROTECTION)), approved, "area", "")


def protection_facility(area, day):
    wanting = _persons(area, day).filter(_approved_profile(ProtectionProfile, day, wants_facility_care=True))
    admitted = Admission.objects.filter(person=OuterRef("pk"), admitted_on__lte=day)\
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=day))
    return Parts(wanting.filter(Exists(admitted)), wanting, "area", "")


def _review_year(area, day) -> int | None:
    return PovertyReview.objects.filter(household__area__path__startswith=area.path, year__lte=day.year,
                                        created_at__lte=_end_of(day)).order_by("-year")\
        .values_list("year", flat=True).first()


def total_households(area: Area, year: int | None, day) -> int:
    """Households of the area: the annual statistics when entered for every commune, else the registered ones."""
    communes = Area.objects.filter(path__startswith=area.path, level=Level.COMMUNE)
    stats = AreaStatistic.objects.filter(area__in=communes, year=year) if year else AreaStatistic.objects.none()
    if year and stats.count() == communes.count() and communes.exists():
        return stats.aggregate(n=Sum("households"))["n"]
    return _households(area, day).count()


def _classified(area, day, classification):
    year = _review_year(area, day)
    households = _households(area, day)
    reviewed = households.filter(poverty_reviews__year=year, poverty_reviews__classification=classification,
                                 poverty_reviews__created_at__lte=_end_of(day)) if year else households.none()
    return Parts(reviewed, households, "area", "head", denominator_override=total_households(area, year, day))


def poor_rate(area, day):
    return _classified(area, day, Classification.POOR)


def near_poor_rate(area, day):
    return _classified(area, day, Classification.NEAR_POOR)


def insured_beneficiaries(area, day):
    beneficiaries = _persons(area, day).filter(
        _approved_profile(MeritProfile, day) | _approved_profile(ProtectionProfile, day))
    return Parts(beneficiaries.filter(health_insurance_valid_to__gte=day), beneficiaries, "area", "")


def cashless_share(area, day):
    paid = Payment.objects.filter(person__area__path__startswith=area.path, period=month_start(day),
                                  status=PaymentStatus.PAID, paid_at__lte=_end_of(day))
    return Parts(paid.filter(channel__in=CASHLESS), paid, "person__area", "person")


def merit_housing_parts(area, day):
    numerator, denominator = merit_housing(area=area, as_of=day)
    return Parts(numerator, denominator, "area", "head")


def facilities(area, day):
    active = Facility.objects.filter(area__path__startswith=area.path, is_active=True, created_at__lte=_end_of(day))
    return Parts(active, None, "area", None)


DEFINITIONS = {
    "merit_paid": merit_paid, "merit_living_standard": merit_living_standard,
    "protection_monthly": protection_monthly, "protection_facility": protection_facility,
    "poor_rate": poor_rate, "near_poor_rate": near_poor_rate, "insured_beneficiaries": insured_beneficiaries,
    "cashless_share": cashless_share, "merit_housing": merit_housing_parts, "facilities": facilities,
}


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    numerator: int
    denominator: int | None
    value: Decimal | None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def gap(self) -> Decimal | None:
        target = self.indicator.target_value
        if target is None or self.value is None:
            return None
        return (target - self.value) if self.indicator.higher_is_better else (self.value - target)


def _value(indicator: Indicator, numerator: int, denominator: int | None) -> Decimal | None:
    if indicator.unit == Indicator.Unit.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parts_of(code: str, area: Area, day: datetime.date) -> Parts:
    return DEFINITIONS[code](area, day)


def figure(indicator: Indicator, area: Area, day: datetime.date) -> Figure:
    parts = parts_of(indicator.code, area, day)
    numerator = parts.numerator.count()
    denominator = parts.denominator_override if parts.denominator_override is not None else (
        parts.denominator.count() if parts.denominator is not None else None)
    return Figure(indicator, numerator, denominator, _value(indicator, numerator, denominator))


def figures(area: Area, day: datetime.date) -> list[Figure]:
    """Every computed indicator for ``area`` (and everything under it) on ``day``."""
    return [figure(i, area, day) for i in Indicator.objects.filter(kind=Indicator.Kind.COMPUTED)]


def by_commune(indicator: Indicator, area: Area, day: datetime.date) -> list[dict]:
    """The indicator for each commune under ``area``: one grouped query per part, furthest from target first."""
    parts = parts_of(indicator.code, area, day)
    key = f"{parts.commune_field}__code"

    def counts(queryset):
        return dict(queryset.order_by().values_list(key).annotate(n=Count("pk", distinct=True))) \
            if queryset is not None else {}

    numerators, denominators = counts(parts.numerator), counts(parts.denominator)
    communes = Area.objects.filter(path__startswith=area.path, level=Level.COMMUNE).order_by("name")
    if parts.denominator_override is not None:
        year = _review_year(area, day)
        stats = dict(AreaStatistic.objects.filter(area__in=communes, year=year).values_list("area__code", "households"))
        denominators = {c: stats.get(c, denominators.get(c, 0)) for c in set(denominators) | set(stats)}
    rows = []
    for commune in communes:
        numerator, denominator = numerators.get(commune.code, 0), denominators.get(commune.code)
        if indicator.unit == Indicator.Unit.PERCENT and not denominator and not numerator:
            continue
        value = _value(indicator, numerator, denominator)
        rows.append({"area": commune.code, "name": commune.name, "numerator": numerator,
                     "denominator": denominator, "value": value})
    target = indicator.target_value

    def distance(row):
        if row["value"] is None or target is None:
            return Decimal(-1)
        return (target - row["value"]) if indicator.higher_is_better else (row["value"] - target)

    return sorted(rows, key=distance, reverse=True)


def records(code: str, area: Area, day: datetime.date, part: str) -> QuerySet:
    """The persons (or facilities) behind a figure's numerator or denominator."""
    parts = parts_of(code, area, day)
    queryset = parts.numerator if part == "numerator" else parts.denominator
    if queryset is None:
        return Person.objects.none()
    if parts.person_field is None:
        return queryset.select_related("area").order_by("name")
    if parts.person_field == "":
        return queryset.select_related("area").order_by("full_name", "pk")
    person_ids = queryset.order_by().values(parts.person_field)
    return Person.objects.filter(pk__in=person_ids).select_related("area").order_by("full_name", "pk")
