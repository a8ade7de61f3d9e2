import datetime

import pytest

from beneficiaries.services.reviews import poverty_review_save
from housing.services import housing_case_propose
from tests.factories import make_household, make_merit_profile, make_person


@pytest.fixture
def merit_household(tree):
    household = make_household(tree["bac_giang"], code="H-NCC")
    person = make_person(tree["bac_giang"], full_name="Vũ Văn Hải", household=household)
    make_merit_profile(person, category="THUONG_BINH", injury_rate=41, status="approved")
    return household


@pytest.fixture
def poor_household(tree, officer_b):
    household = make_household(tree["tay_yen_tu"], code="H-NGHEO")
    make_person(tree["tay_yen_tu"], full_name="Đinh Thị Lụa", sex="female", household=household)
    poverty_review_save(by=officer_b, household=household, year=2025, income_per_capita=1_000_000,
                        deprivations=["CL_NHA_O", "DT_NHA_O", "NUOC_SH"])
    return household


@pytest.fixture
def proposed(officer_a, merit_household):
    return housing_case_propose(by=officer_a, household=merit_household, person=merit_household.members.first(),
                                target="merit", support_type="new_build")


@pytest.fixture
def approved(proposed, officer_a, leader):
    from housing.services import housing_case_approve, housing_case_survey

    housing_case_survey(by=officer_a, case=proposed, current_condition="Nhà tạm, dột nát", floor_area=32,
                        estimated_cost=70_000_000, surveyed_on=datetime.date(2026, 3, 1))
    return housing_case_approve(by=leader, case=proposed, funding={"state_budget": 40_000_000,
                                                                   "province": 20_000_000})
