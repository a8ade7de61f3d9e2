"""The plan's computed indicators: numerator and denominator querysets for an area and a date.

Every definition answers "as of" a day: records approved, admitted, paid or
reviewed after that day are ignored, so a past date gives the figure of that
day. The breakdown by commune is one grouped query per part.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.scoping import within
from areas.models import Area, Level
from beneficiaries.models import Classification, Household, MeritProfile, Person, PovertyReview, ProtectionProfile
from common.models import CaseStatus, Transition
from housing.selectors import merit_housing
from indicators.models import AreaStatistic, Indicator, IndicatorSnapshot
from payments.models import CASHLESS, Payment, PaymentStatus
from programs.calculator import month_start
from programs.models import Admission, Enrollment, Facility, ProgramKind, Suspension, Target


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _alive(day) -> Q:
    return Q(date_of_death__isnull=True) | Q(date_of_death__gt=day)


def _near(subquery: QuerySet, area: Area, field: str = "person__area") -> QuerySet:
    """For a commune, the subquery narrowed to its own rows; for a larger area, the subquery as it is.

    PostgreSQL hashes an ``IN (subquery)`` once: for a commune's 10,000 persons, hashing the whole
    province's 200,000 enrollments cost more than the rest of the query (370 of 870 ms). For a
    province the narrowing join costs more than it saves, so it is left out.
    """
    return subquery.filter(within(area, field)) if area.level == Level.COMMUNE else subquery


# The cases whose first status change after a moment left them approved: approved then, changed since.
APPROVED_BEFORE_CHANGE_SQL = """
SELECT object_id FROM (
    SELECT DISTINCT ON (object_id) object_id, from_status FROM common_transition
    WHERE content_type_id = %s AND at > %s ORDER BY object_id, at, id
) AS first_change WHERE from_status = %s"""


def approved_on(model, day) -> QuerySet:
    """The cases of ``model`` (a profile) that were approved on ``day``, by their transition log.

    A case's status on a day is the status it left at its first transition after that day, or its current
    status when nothing happened since: a profile suspended in March and resumed in May was suspended in
    April, one ended in June was approved in April.

    When no case of the kind changed since the day (today's figures, always), the current rows are that
    day's and the query is a plain filter. Otherwise the cases changed since are left out and those of them
    approved until then put back; PostgreSQL estimates that condition badly and picks a plan about twice as
    slow (docs/performance.md).
    """
    end = _end_of(day)
    kind = ContentType.objects.get_for_model(model)
    cases = model.objects.filter(status__in=[CaseStatus.APPROVED, CaseStatus.SUSPENDED, CaseStatus.ENDED],
                                 approved_at__lte=end)
    if not Transition.objects.filter(content_type=kind, at__gt=end).exists():
        return cases.filter(status=CaseStatus.APPROVED)
    changed_since = Transition.objects.filter(content_type=kind, object_id=OuterRef("pk"), at__gt=end)
    approved_then = RawSQL(APPROVED_BEFORE_CHANGE_SQL, [kind.pk, end, CaseStatus.APPROVED])
    return cases.filter(Q(status=CaseStatus.APPROVED) & ~Exists(changed_since) | Q(pk__in=approved_then))


def _approved_person_ids(model, day, area: Area, **extra) -> QuerySet:
    """Ids of persons with a profile approved on ``day`` (``approved_on``). An uncorrelated subquery:
    PostgreSQL hashes it once instead of probing per person."""
    return _near(approved_on(model, day).filter(**extra), area).values("person_id")


def _running_person_ids(day, target, area: Area) -> QuerySet:
    """Ids of persons with an approved monthly cash enrollment of ``target`` paying on ``day``."""
    suspended = Suspension.objects.filter(enrollment=OuterRef("pk"), from_date__lte=day)\
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=day))
    return _near(Enrollment.objects.filter(
        program__target=target, program__kind=ProgramKind.MONTHLY_CASH,
        status__in=[CaseStatus.APPROVED, CaseStatus.SUSPENDED, CaseStatus.ENDED], approved_at__lte=_end_of(day),
        start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exclude(Exists(suspended)), area).values("person_id")


def _persons(area: Area, day) -> QuerySet[Person]:
    return Person.objects.filter(within(area), created_at__lte=_end_of(day)).filter(_alive(day))


def _households(area: Area, day) -> QuerySet[Household]:
    return Household.objects.filter(within(area), created_at__lte=_end_of(day))


@dataclass(frozen=True)
class Parts:
    """An indicator as conditions on a set of rows: ``base_q`` picks the denominator, ``numerator_q`` the numerator.

    ``group`` names the rows (persons, households, payments, facilities) the indicator counts.
    """

    group: str
    rows: QuerySet
    base_q: Q
    numerator_q: Q
    commune_field: str  # lookup to the Area of each row, for the breakdown by commune
    person_field: str | None  # lookup to the Person behind each row, for the records ("" = the row itself)
    denominator_override: int | None = None  # e.g. total households from AreaStatistic
    has_denominator: bool = True  # False for a plain count (facilities)

    @property
    def numerator(self) -> QuerySet:
        return self.rows.filter(self.base_q & self.numerator_q)

    @property
    def denominator(self) -> QuerySet | None:
        return self.rows.filter(self.base_q) if self.has_denominator else None


def merit_paid(area, day):
    paid = _near(Payment.objects.filter(period=month_start(day), status=PaymentStatus.PAID,
                                        paid_at__lte=_end_of(day), batch__program__target=Target.MERIT),
                 area).values("person_id")
    return Parts("persons", _persons(area, day), Q(pk__in=_running_person_ids(day, Target.MERIT, area)),
                 Q(pk__in=paid),
                 "area", "")


def merit_living_standard(area, day):
    """Merit households meeting the standard: not poor or near-poor in their latest review by ``day``.

    A household never reviewed is not counted as failing (no review has found it poor).
    """
    merit_households = _near(approved_on(MeritProfile, day), area).values("person__household_id")
    latest = PovertyReview.objects.filter(household=OuterRef("pk"), year__lte=day.year,
                                          created_at__lte=_end_of(day)).order_by("-year")
    rows = _households(area, day).annotate(latest=Subquery(latest.values("classification")[:1]))
    return Parts("households_latest", rows, Q(pk__in=merit_households),
                 Q(latest__isnull=True) | Q(latest__in=[Classification.AVERAGE, Classification.OTHER]),
                 "area", "head")


def protection_monthly(area, day):
    return Parts("persons", _persons(area, day), Q(pk__in=_approved_person_ids(ProtectionProfile, day, area)),
                 Q(pk__in=_running_person_ids(day, Target.PROTECTION, area)), "area", "")


def protection_facility(area, day):
    admitted = _near(Admission.objects.filter(admitted_on__lte=day)
                     .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=day)), area).values("person_id")
    wanting = _approved_person_ids(ProtectionProfile, day, area, wants_facility_care=True)
    return Parts("persons", _persons(area, day), Q(pk__in=wanting), Q(pk__in=admitted), "area", "")


def _review_year(area, day) -> int | None:
    """The year of the province's latest poverty review by ``day``: every area of a province, commune or the
    province itself, is measured in the same review year (a commune not yet reviewed that year shows none)."""
    return PovertyReview.objects.filter(household__area__path__startswith=area.province_path, year__lte=day.year,
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
    reviewed = PovertyReview.objects.filter(year=year, classification=classification,
                                            created_at__lte=_end_of(day)).values("household_id")
    return Parts("households", _households(area, day), Q(), Q(pk__in=reviewed) if year else Q(pk__in=[]), "area",
                 "head", denominator_override=total_households(area, year, day))


def poor_rate(area, day):
    return _classified(area, day, Classification.POOR)


def near_poor_rate(area, day):
    return _classified(area, day, Classification.NEAR_POOR)


def insured_beneficiaries(area, day):
    beneficiaries = Q(pk__in=_approved_person_ids(MeritProfile, day, area)) | Q(
        pk__in=_approved_person_ids(ProtectionProfile, day, area))
    return Parts("persons", _persons(area, day), beneficiaries, Q(health_insurance_valid_to__gte=day), "area", "")


def cashless_share(area, day):
    paid = Payment.objects.filter(within(area, "person__area"), period=month_start(day),
                                  status=PaymentStatus.PAID, paid_at__lte=_end_of(day))
    return Parts("payments", paid, Q(), Q(channel__in=CASHLESS), "person__area", "person")


def merit_housing_parts(area, day):
    numerator, denominator = merit_housing(area=area, as_of=day)
    return Parts("households", _households(area, day), Q(pk__in=denominator.values("pk")),
                 Q(pk__in=numerator.values("pk")), "area", "head")


def facilities(area, day):
    active = Facility.objects.filter(within(area), is_active=True, created_at__lte=_end_of(day))
    return Parts("facilities", active, Q(), Q(), "area", None, has_denominator=False)


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
    computed_at: datetime.datetime | None = None  # when it was stored; None: computed from the records now

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def gap(self) -> Decimal | None:
        """How far the figure is from its target, in the target's direction (0 or less: met)."""
        return target_gap(self.indicator, self.value)

    @property
    def standing(self) -> str:
        return target_standing(self.indicator, self.value)


def target_gap(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """``value``'s distance to ``indicator``'s target in the direction it should move (a rate that should rise
    is short of it; one that should fall, such as the poor rate, is above it); None without a target or value."""
    target = indicator.target_value
    if target is None or value is None:
        return None
    return (target - value) if indicator.higher_is_better else (value - target)


def target_standing(indicator: Indicator, value: Decimal | None) -> str:
    """"met", "unmet" or "" (no target, or no value): the colour a page gives a figure or a commune's bar."""
    gap = target_gap(indicator, value)
    return "" if gap is None else ("met" if gap <= 0 else "unmet")


def _value(indicator: Indicator, numerator: int, denominator: int | None) -> Decimal | None:
    if indicator.unit == Indicator.Unit.COUNT:
        return Decimal(numerator)
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parts_of(code: str, area: Area, day: datetime.date) -> Parts:
    return DEFINITIONS[code](area, day)


def _grouped_many(indicators: list[Indicator], area: Area, day: datetime.date) -> dict[str, tuple[Parts, dict]]:
    """{code: (parts, {area code: (numerator, denominator)})}, one grouped query per indicator.

    The base condition goes in WHERE (PostgreSQL hash-joins the set of persons it names) and the numerator
    is a conditional count. Counting several indicators in one query was measured slower (bench_indicators):
    the conditions then have to be checked on every row.
    """
    result = {}
    for indicator in indicators:
        p = parts_of(indicator.code, area, day)
        rows = p.rows.filter(p.base_q).order_by().values_list(f"{p.commune_field}__code")\
            .annotate(num=Count("pk", filter=p.numerator_q), den=Count("pk"))
        result[indicator.code] = (p, {code: (num, den) for code, num, den in rows})
    return result


def figure(indicator: Indicator, area: Area, day: datetime.date) -> Figure:
    """One indicator computed from the records (never the stored figures)."""
    return _figure_from(indicator, *_grouped_many([indicator], area, day)[indicator.code])


def _figure_from(indicator, parts: Parts, groups: dict) -> Figure:
    numerator = sum(num for num, _ in groups.values())
    if parts.denominator_override is not None:
        denominator = parts.denominator_override
    else:
        denominator = sum(den for _, den in groups.values()) if parts.has_denominator else None
    return Figure(indicator, numerator, denominator, _value(indicator, numerator, denominator))


def of_agency(queryset, agency: str | None):
    """Indicators a department owns, with the shared ones (no owner); all when ``agency`` is None."""
    return queryset if not agency else queryset.filter(agency__in=[agency, ""])


def _computed(agency: str | None) -> list[Indicator]:
    return list(of_agency(Indicator.objects.filter(kind=Indicator.Kind.COMPUTED), agency))


def live_figures_with_communes(area: Area, day: datetime.date, indicators: list[Indicator]) \
        -> list[tuple[Figure, list[dict]]]:
    """Each indicator computed from the records, with a row for every commune under ``area`` (empty ones too,
    unsorted): one grouped query per indicator. What ``refresh_indicators`` stores."""
    grouped = _grouped_many(indicators, area, day)
    communes = list(Area.objects.filter(path__startswith=area.path, level=Level.COMMUNE).order_by("name"))
    return [(_figure_from(i, *grouped[i.code]), _commune_rows(i, area, day, communes, *grouped[i.code]))
            for i in indicators]


def _commune_rows(indicator, area, day, communes: list[Area], parts: Parts, groups: dict) -> list[dict]:
    denominators = {code: den for code, (_, den) in groups.items()} if parts.has_denominator else {}
    if parts.denominator_override is not None:
        year = _review_year(area, day)
        stats = dict(AreaStatistic.objects.filter(area__in=communes, year=year).values_list("area__code", "households"))
        denominators = {c: stats.get(c, denominators.get(c, 0)) for c in set(denominators) | set(stats)}
    return [_row(indicator, commune.code, commune.name, groups.get(commune.code, (0, 0))[0],
                 denominators.get(commune.code, 0) if parts.has_denominator else None) for commune in communes]


def _row(indicator: Indicator, code: str, name: str, numerator: int, denominator: int | None) -> dict:
    return {"area": code, "name": name, "numerator": numerator, "denominator": denominator,
            "value": _value(indicator, numerator, denominator)}


def _shown(indicator: Indicator, rows: list[dict]) -> list[dict]:
    """The communes a breakdown shows, furthest from target first: a rate with nothing to count is left out."""
    rows = [r for r in rows if not (indicator.unit == Indicator.Unit.PERCENT and not r["denominator"]
                                    and not r["numerator"])]
    target = indicator.target_value

    def distance(row):
        if row["value"] is None or target is None:
            return Decimal(-1)
        return (target - row["value"]) if indicator.higher_is_better else (row["value"] - target)

    return sorted(rows, key=distance, reverse=True)


def _stored(indicators: list[Indicator], area: Area, day: datetime.date, *, communes: bool) \
        -> list[tuple[Figure, list[dict]]] | None:
    """The figures of ``area`` on ``day`` as stored (``IndicatorSnapshot``), or None when a figure is missing.

    A past day's snapshot is that day's figure. Today's are served only while younger than
    ``INDICATORS_STALE_AFTER_MINUTES`` (``refresh_indicators`` renews them every few minutes); a future day
    is never stored.
    """
    today = timezone.localdate()
    if day > today or not indicators:
        return None
    snapshots = IndicatorSnapshot.objects.filter(as_of=day, indicator__in=indicators)
    if day == today:
        stale = timezone.now() - datetime.timedelta(minutes=settings.INDICATORS_STALE_AFTER_MINUTES)
        snapshots = snapshots.filter(computed_at__gte=stale)
    own = {indicator_id: rest for indicator_id, *rest in
           snapshots.filter(area=area).values_list("indicator_id", "numerator", "denominator", "computed_at")}
    if len(own) < len(indicators):
        return None
    rows = {i.pk: [] for i in indicators}
    if communes:  # plain rows: a province's 1,000 as model instances cost a third of its dashboard
        for indicator_id, *row in snapshots.filter(area__path__startswith=area.path, area__level=Level.COMMUNE)\
                .order_by("area__name").values_list("indicator_id", "area__code", "area__name", "numerator",
                                                    "denominator"):
            rows[indicator_id].append(row)
    result = []
    for i in indicators:
        numerator, denominator, computed_at = own[i.pk]
        result.append((Figure(i, numerator, denominator, _value(i, numerator, denominator), computed_at),
                       [_row(i, *r) for r in rows[i.pk]]))
    return result


def figures_with_communes(area: Area, day: datetime.date, agency: str | None = None) \
        -> list[tuple[Figure, list[dict]]]:
    """Every computed indicator (``agency``: its and the shared ones) for ``area`` on ``day``, with the communes
    it shows: the stored figures when there are (``_stored``), else computed from the records."""
    indicators = _computed(agency)
    pairs = _stored(indicators, area, day, communes=True) or live_figures_with_communes(area, day, indicators)
    return [(f, _shown(f.indicator, rows)) for f, rows in pairs]


def figures(area: Area, day: datetime.date, agency: str | None = None) -> list[Figure]:
    """Every computed indicator for ``area`` (and everything under it) on ``day``, stored or computed."""
    indicators = _computed(agency)
    pairs = _stored(indicators, area, day, communes=False) or live_figures_with_communes(area, day, indicators)
    return [f for f, _ in pairs]


def figure_of(indicator: Indicator, area: Area, day: datetime.date) -> Figure:
    """One indicator for ``area`` on ``day``, stored or computed."""
    stored = _stored([indicator], area, day, communes=False)
    return stored[0][0] if stored else figure(indicator, area, day)


def by_commune(indicator: Indicator, area: Area, day: datetime.date) -> list[dict]:
    """The indicator for each commune under ``area``, furthest from target first (stored or computed)."""
    pairs = _stored([indicator], area, day, communes=True) or live_figures_with_communes(area, day, [indicator])
    return _shown(indicator, pairs[0][1])


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
