"""A few demo housing cases at different stages (through the services)."""

import datetime

from django.db import transaction

from accounts.models import User
from beneficiaries.models import Classification, Household, MeritProfile, PovertyReview
from common.models import CaseStatus
from housing import services
from housing.models import HousingCase


@transaction.atomic
def seed_housing(*, officers: dict[str, User], specialist: User, leader: User) -> int:
    if HousingCase.objects.exists():
        return 0
    merit = Household.objects.filter(members__merit_profiles__status=CaseStatus.APPROVED).distinct()[:4]
    poor_ids = PovertyReview.objects.filter(year=2025, classification=Classification.POOR)\
        .values_list("household_id", flat=True)
    poor = Household.objects.filter(pk__in=poor_ids).exclude(pk__in=[h.pk for h in merit])[:4]
    created = 0
    for index, (household, target) in enumerate([*((h, "merit") for h in merit), *((h, "poor") for h in poor)]):
        registrar = officers.get(household.area.code, specialist)
        decider = leader if registrar == specialist else specialist
        member = household.head or household.members.first()
        if member is None or (target == "merit" and not MeritProfile.objects.filter(
                person__household=household, status=CaseStatus.APPROVED).exists()):
            continue
        case = services.housing_case_propose(by=registrar, household=household, person=member, target=target,
                                             support_type="repair" if index % 2 else "new_build")
        created += 1
        if index % 4 == 0:
            continue  # left as a proposal
        services.housing_case_survey(by=registrar, case=case, current_condition="Nhà cấp 4 xuống cấp, mái dột",
                                     floor_area=36, estimated_cost=70_000_000, surveyed_on=datetime.date(2026, 3, 2))
        if index % 4 == 1:
            continue  # waiting for the Sở
        amount = case.support_level.default_amount(case.support_type)
        approver = leader if amount > 50_000_000 and decider != leader else decider
        if approver == registrar:
            approver = leader
        services.housing_case_approve(by=approver, case=case, funding={"state_budget": amount // 2,
                                                                       "province": amount - amount // 2},
                                      decision_no=f"{20 + index}/QĐ-SXD", decision_date=datetime.date(2026, 4, 1))
        services.housing_case_start(by=registrar, case=case, started_on=datetime.date(2026, 4, 15))
        if index % 4 == 3:
            services.housing_case_complete(by=registrar, case=case, completed_on=datetime.date(2026, 8, 30))
    return created
