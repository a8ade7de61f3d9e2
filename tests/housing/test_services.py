import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from common.exceptions import TransitionNotAllowed
from common.transitions import transitions_of
from housing.models import HousingCase, SupportLevel
from housing.selectors import merit_housing
from housing.services import (
    disbursement_record,
    housing_case_approve,
    housing_case_cancel,
    housing_case_complete,
    housing_case_propose,
    housing_case_start,
    housing_case_survey,
)
from tests.factories import make_household, make_person

D = datetime.date


def test_default_programme_and_amount(proposed, leader, officer_a):
    assert proposed.support_level.code == "NHA_TAM_2024"  # the most recent programme for merit households
    housing_case_survey(by=officer_a, case=proposed, current_condition="Nhà tạm", floor_area=30,
                        estimated_cost=65_000_000, surveyed_on=D(2026, 3, 1))
    case = housing_case_approve(by=leader, case=proposed, funding={"state_budget": 60_000_000})
    assert case.approved_amount == 60_000_000 and case.status == "approved"


def test_a_household_neither_poor_nor_merit_cannot_apply(officer_a, tree):
    household = make_household(tree["bac_giang"])
    person = make_person(tree["bac_giang"], household=household)
    with pytest.raises(ValidationError) as exc:
        housing_case_propose(by=officer_a, household=household, person=person, target="merit", support_type="repair")
    assert "Hộ không thuộc diện “Hộ người có công”" in exc.value.message_dict["target"][0]
    with pytest.raises(ValidationError):
        housing_case_propose(by=officer_a, household=household, person=person, target="poor", support_type="repair")


def test_poor_household_qualifies_from_its_latest_review(officer_b, poor_household):
    case = housing_case_propose(by=officer_b, household=poor_household, person=poor_household.members.first(),
                                target="poor", support_type="repair")
    assert case.support_level.default_amount("repair") == 30_000_000
    merit_only = SupportLevel.objects.get(code="NCC_2013")
    with pytest.raises(ValidationError):  # the merit-only programme does not cover poor households
        housing_case_propose(by=officer_b, household=poor_household, person=poor_household.members.first(),
                             target="poor", support_type="repair", support_level=merit_only)


def test_one_open_case_per_household(officer_a, proposed, merit_household):
    with pytest.raises(ValidationError) as exc:
        housing_case_propose(by=officer_a, household=merit_household, person=merit_household.members.first(),
                             target="merit", support_type="repair")
    assert exc.value.message_dict["household"] == ["Hộ đang có một hồ sơ hỗ trợ nhà ở chưa kết thúc."]
    with pytest.raises(IntegrityError):
        HousingCase.objects.create(household=merit_household, person=merit_household.members.first(),
                                   target="merit", support_type="repair", support_level=proposed.support_level,
                                   created_by=officer_a)


def test_officer_of_another_commune_cannot_propose(officer_b, merit_household):
    with pytest.raises(PermissionDenied):
        housing_case_propose(by=officer_b, household=merit_household, person=merit_household.members.first(),
                             target="merit", support_type="repair")


def test_funding_must_equal_the_approved_amount(proposed, officer_a, leader):
    housing_case_survey(by=officer_a, case=proposed, current_condition="Nhà tạm", floor_area=30,
                        estimated_cost=65_000_000, surveyed_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        housing_case_approve(by=leader, case=proposed, funding={"state_budget": 40_000_000, "province": 10_000_000})
    assert exc.value.message_dict["funding"] == [
        "Tổng các nguồn (50.000.000 đồng) phải bằng mức được duyệt (60.000.000 đồng)."]
    proposed.refresh_from_db()
    assert proposed.status == "surveyed"


def test_another_amount_needs_a_reason(proposed, officer_a, leader):
    housing_case_survey(by=officer_a, case=proposed, current_condition="Nhà tạm", floor_area=30,
                        estimated_cost=65_000_000, surveyed_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        housing_case_approve(by=leader, case=proposed, approved_amount=65_000_000,
                             funding={"state_budget": 65_000_000})
    assert "cần ghi lý do" in exc.value.message_dict["amount_reason"][0]
    case = housing_case_approve(by=leader, case=proposed, approved_amount=65_000_000, amount_reason="Vùng lũ",
                                funding={"state_budget": 60_000_000, "enterprise": 5_000_000})
    assert case.funding.count() == 2


def test_above_the_threshold_only_a_leader_approves(proposed, officer_a, specialist, settings):
    settings.HOUSING_LEADER_APPROVAL_ABOVE = 50_000_000
    housing_case_survey(by=officer_a, case=proposed, current_condition="Nhà tạm", floor_area=30,
                        estimated_cost=65_000_000, surveyed_on=D(2026, 3, 1))
    with pytest.raises(PermissionDenied, match="lãnh đạo Sở"):
        housing_case_approve(by=specialist, case=proposed, funding={"state_budget": 60_000_000})


def test_the_proposer_never_approves(leader, merit_household):
    case = housing_case_propose(by=leader, household=merit_household, person=merit_household.members.first(),
                                target="merit", support_type="repair")
    housing_case_survey(by=leader, case=case, current_condition="Dột", floor_area=30, estimated_cost=25_000_000,
                        surveyed_on=D(2026, 3, 1))
    with pytest.raises(PermissionDenied, match="không được là người lập"):
        housing_case_approve(by=leader, case=case, funding={"state_budget": 30_000_000})


def test_end_to_end_with_tranches(approved, officer_a, specialist):
    disbursement_record(by=specialist, case=approved, amount=30_000_000, paid_on=D(2026, 4, 1), source="state_budget")
    with pytest.raises(ValidationError) as exc:
        disbursement_record(by=specialist, case=approved, amount=40_000_000, paid_on=D(2026, 5, 1), source="province")
    assert exc.value.message_dict["amount"] == ["Vượt mức còn lại (30.000.000 đồng)."]
    with pytest.raises(ValidationError) as exc:
        disbursement_record(by=specialist, case=approved, amount=30_000_000, paid_on=D(2026, 5, 1), source="province")
    assert "Đợt cuối chỉ chi sau khi nghiệm thu" in exc.value.message_dict["is_advance"][0]
    housing_case_start(by=officer_a, case=approved, started_on=D(2026, 4, 5))
    housing_case_complete(by=officer_a, case=approved, completed_on=D(2026, 7, 1))
    disbursement_record(by=specialist, case=approved, amount=30_000_000, paid_on=D(2026, 7, 5), source="province")
    assert [t.to_status for t in transitions_of(approved)] == ["surveyed", "approved", "in_progress", "completed"]


def test_final_tranche_as_an_advance(approved, specialist):
    disbursement_record(by=specialist, case=approved, amount=60_000_000, paid_on=D(2026, 4, 1),
                        source="state_budget", is_advance=True)
    assert approved.disbursements.count() == 1


def test_no_tranche_before_approval(proposed, specialist):
    with pytest.raises(ValidationError):
        disbursement_record(by=specialist, case=proposed, amount=1, paid_on=D(2026, 4, 1), source="state_budget")


def test_transitions_and_roles(proposed, officer_a, officer_b, specialist):
    with pytest.raises(TransitionNotAllowed):
        housing_case_start(by=officer_a, case=proposed, started_on=D(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        housing_case_approve(by=officer_a, case=proposed, funding={})
    with pytest.raises(PermissionDenied):
        housing_case_cancel(by=officer_b, case=proposed, reason="x")
    with pytest.raises(ValidationError):
        housing_case_cancel(by=officer_a, case=proposed, reason="")
    assert housing_case_cancel(by=officer_a, case=proposed, reason="Hộ tự làm").status == "cancelled"


def test_commune_cannot_cancel_an_approved_case(approved, officer_a, specialist):
    with pytest.raises(PermissionDenied):
        housing_case_cancel(by=officer_a, case=approved, reason="x")
    assert housing_case_cancel(by=specialist, case=approved, reason="Không đủ nguồn").status == "cancelled"


def test_merit_housing_selector(approved, officer_a, tree):
    numerator, denominator = merit_housing(area=tree["bac_ninh"], as_of=D(2026, 12, 31))
    assert (numerator.count(), denominator.count()) == (0, 1)
    housing_case_start(by=officer_a, case=approved, started_on=D(2026, 4, 5))
    housing_case_complete(by=officer_a, case=approved, completed_on=D(2026, 7, 1))
    numerator, denominator = merit_housing(area=tree["bac_ninh"], as_of=D(2026, 12, 31))
    assert (numerator.count(), denominator.count()) == (1, 1)
    assert merit_housing(area=tree["bac_ninh"], as_of=D(2026, 6, 30))[0].count() == 0


def test_markup_in_an_address_prints_as_text_and_the_decision_as_approved(approved, officer_a):
    import pypdfium2 as pdfium

    from beneficiaries.services.persons import household_update
    from housing.pdf import decision_pdf

    household = approved.household
    household_update(by=officer_a, household=household,
                     address='<font size="30" color="red">ĐÃ HUỶ</font> <b>Thôn Mới')
    text = pdfium.PdfDocument(decision_pdf(approved))[0].get_textpage().get_text_range()
    assert "<font" not in text and "Vũ Văn Hải" in text  # as approved: the later address is not in it
    approved.approved_as = {}  # a case approved before the content was stored: today's data, escaped
    text = pdfium.PdfDocument(decision_pdf(approved))[0].get_textpage().get_text_range()
    assert '<font size="30" color="red">ĐÃ HUỶ</font>' in text.replace("\r\n", " ").replace("\n", " ")
