import datetime

from django.db.models import Exists, OuterRef, QuerySet, Sum

from accounts.models import User
from accounts.scoping import scope_queryset, within
from areas.models import Area
from beneficiaries.models import Household
from housing.models import HousingCase, HousingStatus, HousingTarget
from programs.authority import agency_q


def housing_case_list(*, user: User) -> QuerySet[HousingCase]:
    return scope_queryset(
        user, HousingCase.objects.select_related("household__area", "person", "support_level")
        .annotate(disbursed=Sum("disbursements__amount")).order_by("-created_at", "-id"),
        area_field="household__area").filter(agency_q(user, "housing_case"))


def merit_housing(*, area: Area, as_of: datetime.date) -> tuple[QuerySet[Household], QuerySet[Household]]:
    """For the ``merit_housing`` indicator: merit households with a housing case by ``as_of``, and those completed.

    A case cancelled after ``as_of`` still counts on that day (cancelling is final: its ``updated_at`` is when).
    Returns (numerator, denominator) querysets of households in ``area`` and below.
    """
    cases = HousingCase.objects.filter(household=OuterRef("pk"), target=HousingTarget.MERIT,
                                       created_at__date__lte=as_of)\
        .exclude(status=HousingStatus.CANCELLED, updated_at__date__lte=as_of)
    households = Household.objects.filter(within(area))
    denominator = households.filter(Exists(cases))
    numerator = households.filter(Exists(cases.filter(status=HousingStatus.COMPLETED, completed_on__lte=as_of)))
    return numerator, denominator
