"""The annual multidimensional-poverty review of a household."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from areas.models import Area
from beneficiaries.models import DeprivationIndicator, Household, PovertyReview, PovertyStandard
from common.audit import acting_as

FIRST_YEAR = 2022  # the first year of multidimensional standards in the reference data


def standard_for(*, year: int, area: Area) -> PovertyStandard:
    """Return the standard in force on 1 January of ``year`` for ``area``: a local one first, else national."""
    day = datetime.date(year, 1, 1)
    in_force = PovertyStandard.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    ).select_related("jurisdiction")
    local = [s for s in in_force if s.jurisdiction_id and area.path.startswith(s.jurisdiction.path)]
    if local:
        return max(local, key=lambda s: len(s.jurisdiction.path))
    national = [s for s in in_force if s.jurisdiction_id is None]
    if not national:
        raise ValidationError({"year": _("Chưa có chuẩn nghèo áp dụng cho năm %(year)s.") % {"year": year}})
    return national[0]


@transaction.atomic
def poverty_review_save(*, by: User, household: Household, year: int, income_per_capita: int,
                        deprivations: list[str], review: PovertyReview | None = None) -> PovertyReview:
    """Record (or correct) a household's review for ``year`` and classify it.

    One review per household and year; earlier years are kept as they were.
    """
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, household.area)
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year + 1:
        errors["year"] = [_("Năm rà soát phải từ %(a)s đến %(b)s.") % {"a": FIRST_YEAR, "b": this_year + 1}]
    if income_per_capita is None or income_per_capita < 0:
        errors["income_per_capita"] = [_("Thu nhập bình quân phải là số không âm (đồng/người/tháng).")]
    codes = list(dict.fromkeys(deprivations or []))
    indicators = list(DeprivationIndicator.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {i.code for i in indicators})
    if unknown:
        errors["deprivations"] = [_("Chỉ số không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)}]
    twin = PovertyReview.objects.filter(household=household, year=year)
    if review is not None:
        twin = twin.exclude(pk=review.pk)
    if twin.exists():
        errors["year"] = [_("Hộ đã có kết quả rà soát năm %(year)s; hãy sửa kết quả đó.") % {"year": year}]
    if errors:
        raise ValidationError(errors)

    standard = standard_for(year=year, area=household.area)
    review = review or PovertyReview(household=household, created_by=by)
    review.year = year
    review.standard = standard
    review.is_urban = household.area.is_urban
    review.income_per_capita = income_per_capita
    review.deprivation_count = len(indicators)
    review.classification = standard.classify(income_per_capita=income_per_capita,
                                              deprivation_count=len(indicators), is_urban=review.is_urban)
    with acting_as(by):
        review.save()
        review.deprivations.set(indicators)
    return review
