import datetime

from django.db.models import Count, F, Q, QuerySet

from accounts.models import User
from accounts.scoping import scope_queryset
from common.models import CaseStatus
from programs.authority import agency_q
from programs.models import Admission, BenefitRule, BenefitStandard, Enrollment, Facility, Program


def program_list() -> QuerySet[Program]:
    return Program.objects.all()


def rules_in_force(program: Program, day: datetime.date) -> QuerySet[BenefitRule]:
    return program.rules.in_force_on(day).select_related("merit_category", "protection_group").order_by(
        "merit_category__sort_order", "protection_group__sort_order", "for_relatives",
        F("relative_count_min").asc(nulls_first=True), F("injury_rate_min").asc(nulls_first=True),
        F("age_min").asc(nulls_first=True), "component")


def standard_in_force(code: str, day: datetime.date) -> BenefitStandard | None:
    """The national standard in force on ``day``."""
    return BenefitStandard.objects.filter(code=code, province__isnull=True, valid_from__lte=day)\
        .order_by("-valid_from").first()


def provincial_standards_in_force(code: str, day: datetime.date) -> list[BenefitStandard]:
    """Each province's own row in force on ``day`` (its residents get the higher of it and the national one)."""
    rows = BenefitStandard.objects.filter(code=code, province__isnull=False, valid_from__lte=day)\
        .select_related("province").order_by("province_id", "-valid_from").distinct("province_id")
    return sorted(rows, key=lambda row: row.province.name)


def enrollment_list(*, user: User) -> QuerySet[Enrollment]:
    return scope_queryset(
        user, Enrollment.objects.select_related("person__area", "program", "submitted_by", "approved_by"),
        area_field="person__area").filter(agency_q(user, "enrollment", "program"))


def enrollment_queue(*, user: User) -> QuerySet[Enrollment]:
    return enrollment_list(user=user).filter(status=CaseStatus.SUBMITTED).order_by("submitted_at")


def facility_list(day: datetime.date | None = None) -> QuerySet[Facility]:
    """Facilities (public information) with the number of residents on ``day`` (default today)."""
    day = day or datetime.date.today()
    resident = Q(admissions__admitted_on__lte=day) & (
        Q(admissions__discharged_on__isnull=True) | Q(admissions__discharged_on__gt=day))
    return (Facility.objects.select_related("area").annotate(occupancy=Count("admissions", filter=resident))
            .annotate(free=F("capacity") - F("occupancy")).order_by("name"))


def admission_list(*, user: User) -> QuerySet[Admission]:
    return scope_queryset(user, Admission.objects.select_related("person__area", "facility"),
                          area_field="person__area")
