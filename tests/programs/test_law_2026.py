"""Hand-computed amounts of the law in force in 2026 (../shared/LAW-2026.md), at the boundaries.

Merit amounts are the NĐ 77/2024 table (programs/data/merit_nd77_2024.csv); social assistance is the
TGXH base 500,000 from 2024-07-01 × the NĐ 20/2021 coefficient.
"""

import datetime

import pytest

from programs.calculator import amount_for, explain
from programs.models import BenefitRule, BenefitStandard, Facility
from programs.services.facilities import admission_create, admission_discharge
from tests.factories import make_enrollment, make_merit_profile, make_person, make_protection_profile

D = datetime.date


@pytest.fixture
def commune(tree):
    return tree["tay_yen_tu"]


def merit(commune, *profiles, born=None):
    """An enrollment in the merit allowance of a person with the given approved profiles (dicts)."""
    person = make_person(commune, date_of_birth=born or D(1950, 5, 5))
    for profile in profiles:
        make_merit_profile(person, status="approved", **profile)
    return make_enrollment(person, "UU_DAI_HANG_THANG")


def protected(commune, group, born, program="TCXH_HANG_THANG", **profile):
    person = make_person(commune, date_of_birth=born, **profile.pop("person", {}))
    make_protection_profile(person, group=group, status="approved", **profile)
    return make_enrollment(person, program)


def codes(enrollment, period):
    return sorted(BenefitRule.objects.filter(pk__in=explain(enrollment, period).rule_ids).values_list("code",
                                                                                                      flat=True))


TB = "THUONG_BINH"


# ------------------------------------------------------------------------------------------------------------
# 1. The merit tables
# ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rate,kind,expected", [
    (21, "A", 1_878_000), (55, "A", 4_918_000), (73, "A", 6_530_000), (92, "A", 8_222_000 + 1_399_000),
    (100, "A", 8_941_000 + 1_399_000),  # ≥81%: + phụ cấp
    (21, "B", 1_552_000), (100, "B", 7_397_000 + 1_399_000),
])
def test_war_invalids_by_exact_injury_rate_and_type(commune, rate, kind, expected):
    enrollment = merit(commune, dict(category=TB, injury_rate=rate, war_invalid_type=kind))
    assert amount_for(enrollment, "2026-01") == expected


@pytest.mark.parametrize("rate,kind", [(75, "A"), (80, "A"), (93, "A"), (99, "A"), (50, "B")])
def test_a_rate_not_found_in_the_sources_is_a_problem_not_a_guess(commune, rate, kind):
    enrollment = merit(commune, dict(category=TB, injury_rate=rate, war_invalid_type=kind))
    result = explain(enrollment, "2026-01")
    assert result.amount == 0 and [p.code for p in result.problems] == ["no_rule"]
    assert f"tỷ lệ tổn thương {rate}%" in result.problems[0].message


def test_81_percent_with_especially_severe_wounds_special_allowance_replaces_the_allowance_and_carer_once(commune):
    plain = merit(commune, dict(category=TB, injury_rate=81))
    severe = merit(commune, dict(category=TB, injury_rate=81, flags=["dac_biet_nang"]))
    at_home = merit(commune, dict(category=TB, injury_rate=81, flags=["song_o_gia_dinh"]))
    severe_at_home = merit(commune, dict(category=TB, injury_rate=81, flags=["dac_biet_nang", "song_o_gia_dinh"]))
    assert amount_for(plain, "2026-01") == 7_240_000 + 1_399_000
    assert amount_for(severe, "2026-01") == 7_240_000 + 2_868_000
    assert amount_for(at_home, "2026-01") == 7_240_000 + 1_399_000 + 2_789_000
    assert amount_for(severe_at_home, "2026-01") == 7_240_000 + 2_868_000 + 3_582_000  # the higher carer row only
    assert codes(severe_at_home, "2026-01") == ["TB_81", "TB_NGUOI_PHUC_VU_DB", "TB_PC_DAC_BIET"]


@pytest.mark.parametrize("rate,expected", [(41, 2_911_000), (50, 2_911_000), (51, 3_627_000), (70, 4_622_000),
                                           (80, 5_329_000), (81, 6_378_000 + 1_399_000), (100, 7_104_000 + 1_399_000)])
def test_sick_soldiers_by_band(commune, rate, expected):
    assert amount_for(merit(commune, dict(category="BENH_BINH", injury_rate=rate)), "2026-01") == expected


@pytest.mark.parametrize("rate,expected", [(21, 2_119_000), (41, 3_541_000), (61, 4_965_000),
                                           (81, 6_359_000 + 1_399_000)])
def test_toxic_chemicals_by_band(commune, rate, expected):
    assert amount_for(merit(commune, dict(category="CDHH", injury_rate=rate)), "2026-01") == expected


def test_pre_1945_revolutionary_detached_with_seniority_and_not_detached(commune):
    detached = merit(commune, dict(category="LT_CM", flags=["thoat_ly"], seniority_years=10), born=D(1925, 1, 1))
    not_detached = merit(commune, dict(category="LT_CM", flags=["khong_thoat_ly"]), born=D(1925, 1, 1))
    unknown = merit(commune, dict(category="LT_CM"), born=D(1925, 1, 1))
    assert amount_for(detached, "2026-01") == 3_117_000 + 10 * 529_000
    assert amount_for(not_detached, "2026-01") == 5_291_000
    assert [p.code for p in explain(unknown, "2026-01").problems] == ["no_rule"]  # which one is not recorded


def test_seniority_not_recorded_is_a_problem(commune):
    enrollment = merit(commune, dict(category="LT_CM", flags=["thoat_ly"]), born=D(1925, 1, 1))
    assert [p.code for p in explain(enrollment, "2026-01").problems] == ["no_count"]


def test_relative_of_a_deceased_war_invalid_over_61_and_living_alone(commune):
    invalid = make_person(commune, date_of_birth=D(1945, 1, 1), date_of_death=D(2020, 1, 1))
    make_merit_profile(invalid, category=TB, injury_rate=70, status="ended")
    for flags, expected in (([], 1_565_000), (["co_don"], 1_565_000 + 2_231_000)):
        widow = make_person(commune, date_of_birth=D(1948, 1, 1), sex="female")
        make_merit_profile(widow, category=TB, merit_person=invalid, relationship_id="VO_CHONG", status="approved",
                           flags=flags)
        assert amount_for(make_enrollment(widow, "UU_DAI_HANG_THANG"), "2026-01") == expected


def test_helper_of_the_revolution_has_no_figure_yet(commune):
    enrollment = merit(commune, dict(category="GIUP_DO_CM"))
    assert [p.code for p in explain(enrollment, "2026-01").problems] == ["no_rule"]


def test_resistance_fighter_is_paid_once_not_monthly_and_says_so(commune):
    result = explain(merit(commune, dict(category="HDKC")), "2026-01")
    assert result.amount == 0 and not result.problems and [n.code for n in result.notes] == ["one_off_only"]


# ------------------------------------------------------------------------------------------------------------
# 3. Several merit categories
# ------------------------------------------------------------------------------------------------------------
def test_a_war_invalid_who_is_also_a_sick_soldier_gets_both(commune):
    enrollment = merit(commune, dict(category=TB, injury_rate=61), dict(category="BENH_BINH", injury_rate=61))
    assert amount_for(enrollment, "2026-01") == 5_450_000 + 4_622_000
    assert codes(enrollment, "2026-01") == ["BB_61_70", "TB_61"]


def test_two_categories_over_81_each_allowance_and_the_carer_once(commune):
    enrollment = merit(commune, dict(category=TB, injury_rate=85, flags=["song_o_gia_dinh"]),
                       dict(category="CDHH", injury_rate=85, flags=["song_o_gia_dinh"]))
    assert amount_for(enrollment, "2026-01") == 7_601_000 + 1_399_000 + 6_359_000 + 1_399_000 + 2_789_000


def test_former_prisoner_who_is_also_a_pre_1945_revolutionary(commune):
    enrollment = merit(commune, dict(category="TU_DAY"), dict(category="LT_CM", flags=["khong_thoat_ly"]),
                       born=D(1925, 1, 1))
    assert amount_for(enrollment, "2026-01") == 1_673_000 + 5_291_000


def test_one_category_with_a_missing_row_blocks_the_month_but_names_what_the_others_give(commune):
    enrollment = merit(commune, dict(category=TB, injury_rate=75), dict(category="BENH_BINH", injury_rate=61))
    result = explain(enrollment, "2026-01")
    assert result.amount == 0 and result.computed == 4_622_000 and len(result.problems) == 1


# ------------------------------------------------------------------------------------------------------------
# 4. Social-assistance age limits and the month-after rule
# ------------------------------------------------------------------------------------------------------------
def test_child_without_support_stops_the_month_after_turning_16(commune):
    enrollment = protected(commune, "TE_KNND", D(2010, 3, 10))
    assert amount_for(enrollment, "2026-03") == 750_000  # 16 on 10 March: March still paid
    april = explain(enrollment, "2026-04")
    assert april.amount == 0 and not april.problems and [n.code for n in april.notes] == ["age_out"]


@pytest.mark.parametrize("born,last_paid", [(D(2010, 6, 1), "2026-06"), (D(2010, 5, 31), "2026-05")])
def test_hiv_child_turning_16_on_the_first_and_on_the_last_day(commune, born, last_paid):
    enrollment = protected(commune, "TE_HIV", born)
    month = int(last_paid[-2:])
    assert amount_for(enrollment, last_paid) == 1_000_000
    assert amount_for(enrollment, f"2026-{month + 1:02d}") == 0


def test_hiv_child_turning_4(commune):
    enrollment = protected(commune, "TE_HIV", D(2022, 5, 20))
    assert amount_for(enrollment, "2026-05") == 1_250_000
    assert amount_for(enrollment, "2026-06") == 1_000_000


def test_under_three_group_stops_after_the_third_birthday(commune):
    enrollment = protected(commune, "TE_U3_DBKK", D(2023, 1, 5))
    assert amount_for(enrollment, "2026-01") == 750_000
    assert amount_for(enrollment, "2026-02") == 0


def test_studying_16_to_22_until_the_course_ends(commune):
    enrollment = protected(commune, "TN_16_22", D(2008, 2, 2), studying_until=D(2026, 6, 15))
    assert amount_for(enrollment, "2026-06") == 750_000  # the course ends in June: June paid
    assert [n.code for n in explain(enrollment, "2026-07").notes] == ["study_ended"]
    assert amount_for(enrollment, "2026-07") == 0


def test_studying_stops_at_22_whatever_the_course(commune):
    enrollment = protected(commune, "TN_16_22", D(2004, 8, 31), studying_until=D(2028, 6, 30))
    assert amount_for(enrollment, "2026-08") == 750_000  # 22 on 31 August: August still paid
    assert amount_for(enrollment, "2026-09") == 0


def test_studying_group_without_an_end_date_is_a_problem(commune):
    result = explain(protected(commune, "TN_16_22", D(2008, 2, 2)), "2026-06")
    assert [p.code for p in result.problems] == ["no_study_date"]


def test_80_on_a_birth_year_only_record(commune):
    enrollment = protected(commune, "NCT_NGHEO", D(1946, 1, 1), person={"birth_year_only": True})
    assert amount_for(enrollment, "2026-01") == 750_000  # "1946" is stored as 1 January: 80 from February
    assert amount_for(enrollment, "2026-02") == 1_000_000


@pytest.mark.parametrize("died,last_paid", [(D(2026, 3, 1), "2026-03"), (D(2026, 3, 15), "2026-03"),
                                            (D(2026, 2, 28), "2026-02")])
def test_death_on_the_first_in_the_middle_and_on_the_last_day(commune, died, last_paid):
    enrollment = protected(commune, "NCT_80", D(1940, 1, 1))
    enrollment.person.date_of_death = died
    enrollment.person.save()
    month = int(last_paid[-2:])
    assert amount_for(enrollment, last_paid) == 500_000
    assert amount_for(enrollment, f"2026-{month + 1:02d}") == 0


def test_no_home_allowance_from_the_month_after_admission_until_the_month_after_discharge(commune, specialist):
    enrollment = protected(commune, "NCT_80", D(1940, 1, 1))
    facility = Facility.objects.create(code="TT1", name="Trung tâm", capacity=5, area=commune)
    admission = admission_create(by=specialist, person=enrollment.person, facility=facility,
                                 admitted_on=D(2026, 3, 15))
    admission_discharge(by=specialist, admission=admission, discharged_on=D(2026, 6, 10), reason="Về nhà")
    paid = [amount_for(enrollment, f"2026-{m:02d}") for m in range(2, 9)]
    assert paid == [500_000, 500_000, 0, 0, 0, 500_000, 500_000]  # Feb–Aug
    assert [n.code for n in explain(enrollment, "2026-04").notes] == ["in_facility"]


def test_admission_on_the_first_pays_that_month(commune, specialist):
    enrollment = protected(commune, "NCT_80", D(1940, 1, 1))
    facility = Facility.objects.create(code="TT2", name="Trung tâm", capacity=5, area=commune)
    admission_create(by=specialist, person=enrollment.person, facility=facility, admitted_on=D(2026, 3, 1))
    assert amount_for(enrollment, "2026-03") == 500_000
    assert amount_for(enrollment, "2026-04") == 0


def test_facility_care_itself_is_not_paused_by_an_admission(commune, specialist):
    enrollment = protected(commune, "NCT_80", D(1940, 1, 1), program="NUOI_DUONG_CO_SO")
    facility = Facility.objects.create(code="TT3", name="Trung tâm", capacity=5, area=commune)
    admission_create(by=specialist, person=enrollment.person, facility=facility, admitted_on=D(2026, 3, 1))
    assert amount_for(enrollment, "2026-05") == 2_000_000


def test_no_standard_in_force_is_a_problem(commune):
    enrollment = protected(commune, "NCT_80", D(1940, 1, 1))
    BenefitStandard.objects.filter(code="TGXH").delete()
    result = explain(enrollment, "2026-01")
    assert result.amount == 0 and [p.code for p in result.problems] == ["no_standard"]


# ------------------------------------------------------------------------------------------------------------
# 7. Local top-ups
# ------------------------------------------------------------------------------------------------------------
def test_a_provincial_base_above_the_national_one_applies_to_its_residents_only(tree):
    bac_ninh = protected(tree["tay_yen_tu"], "NCT_80", D(1940, 1, 1))
    ha_noi = protected(tree["ba_dinh"], "NCT_80", D(1940, 1, 1))
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn TGXH của tỉnh", province=tree["bac_ninh"],
                                   amount=650_000, valid_from=D(2025, 1, 1), legal_basis="NQ HĐND tỉnh")
    assert amount_for(bac_ninh, "2024-12") == 500_000
    assert amount_for(bac_ninh, "2025-01") == 650_000
    assert amount_for(ha_noi, "2025-01") == 500_000
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn TGXH", amount=700_000, valid_from=D(2026, 7, 1),
                                   legal_basis="NĐ mới")
    assert amount_for(bac_ninh, "2026-07") == 700_000  # a later national rise above the provincial figure wins
    assert amount_for(ha_noi, "2026-07") == 700_000


def test_a_provincial_base_below_the_national_one_never_lowers_it(tree):
    enrollment = protected(tree["tay_yen_tu"], "NCT_80", D(1940, 1, 1))
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn TGXH của tỉnh", province=tree["bac_ninh"],
                                   amount=400_000, valid_from=D(2025, 1, 1), legal_basis="NQ HĐND tỉnh")
    assert amount_for(enrollment, "2025-01") == 500_000


# ------------------------------------------------------------------------------------------------------------
# 5. Social pension, and the higher of it and the NĐ 20 allowance
# ------------------------------------------------------------------------------------------------------------
def review(person, classification, year=2025):
    from beneficiaries.models import PovertyReview, PovertyStandard

    return PovertyReview.objects.create(household=person.household, year=year, is_urban=False,
                                        standard=PovertyStandard.objects.get(code="ND07_2021"),
                                        income_per_capita=1_000_000, classification=classification,
                                        created_by=person.created_by)


def elder(commune, born, **person):
    from tests.factories import make_household

    return make_person(commune, date_of_birth=born, household=make_household(commune), **person)


def propose(officer, person, code, start=None):
    from programs.models import Program
    from programs.services.enrollments import enrollment_create, enrollment_submit

    enrollment = enrollment_create(by=officer, person=person, program=Program.objects.get(code=code),
                                   start_date=start)
    return enrollment_submit(by=officer, enrollment=enrollment)


def test_social_pension_at_75_without_a_pension_from_the_month_of_the_decision(commune, officer_b, chairman_b):
    from programs.services.enrollments import enrollment_approve

    person = elder(commune, D(1950, 3, 3))
    enrollment = propose(officer_b, person, "HUU_TRI_XA_HOI", start=D(2025, 9, 1))
    enrollment = enrollment_approve(by=chairman_b, enrollment=enrollment, decision_no="12/QĐ-UBND",
                                    decision_date=D(2026, 2, 10))
    assert enrollment.start_date == D(2026, 2, 1)  # paid from the month the decision is signed
    assert amount_for(enrollment, "2026-01") == 0
    assert amount_for(enrollment, "2026-02") == 500_000
    assert codes(enrollment, "2026-02") == ["HTXH_75"]


@pytest.mark.parametrize("born,pension,household,refusal", [
    (D(1952, 1, 15), False, None, "cần từ đủ 75 tuổi"),  # 74 at the end of January 2026
    (D(1950, 1, 1), True, None, "đang hưởng lương hưu"),
    (D(1954, 6, 1), False, "average", "hộ không thuộc hộ nghèo, cận nghèo (rà soát gần nhất: Hộ có mức sống"),
    (D(1954, 6, 1), False, None, "chưa rà soát"),
    (D(1957, 6, 1), False, "poor", "cần từ đủ 70 tuổi"),
])
def test_social_pension_refused_with_the_reason(commune, officer_b, born, pension, household, refusal):
    from django.core.exceptions import ValidationError

    person = elder(commune, born, has_pension=pension)
    if household:
        review(person, household)
    with pytest.raises(ValidationError) as exc:
        propose(officer_b, person, "HUU_TRI_XA_HOI", start=D(2026, 2, 1))
    assert refusal in exc.value.message_dict["program"][0]


@pytest.mark.parametrize("classification", ["poor", "near_poor"])
def test_social_pension_at_70_to_74_in_a_poor_or_near_poor_household(commune, officer_b, classification):
    person = elder(commune, D(1954, 6, 1))
    review(person, classification)
    enrollment = propose(officer_b, person, "HUU_TRI_XA_HOI", start=D(2026, 2, 1))
    enrollment.status = "approved"
    enrollment.save()
    assert amount_for(enrollment, "2026-02") == 500_000
    assert codes(enrollment, "2026-02") == ["HTXH_70_74"]
    review(person, "average", year=2026)  # the household leaves poverty: the rule no longer applies
    result = explain(enrollment, "2026-02")
    assert result.amount == 0 and not result.problems and [n.code for n in result.notes] == ["not_eligible"]


def test_both_the_social_pension_and_the_nd20_allowance_pay_only_the_higher(commune):
    person = elder(commune, D(1940, 1, 1))
    make_protection_profile(person, group="NCT_NGHEO", status="approved")  # 86: 2.0 × 500,000
    allowance = make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    pension = make_enrollment(person, "HUU_TRI_XA_HOI", start=D(2025, 8, 1))
    assert amount_for(allowance, "2026-01") == 1_000_000
    result = explain(pension, "2026-01")
    assert result.amount == 0 and not result.problems and [n.code for n in result.notes] == ["paid_by_other"]
    assert amount_for(pension, "2025-07") == 0  # before its start: nothing either way


def test_a_tie_pays_the_earlier_enrollment_once(commune):
    person = elder(commune, D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")  # 1.0 × 500,000 = the pension
    allowance = make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    pension = make_enrollment(person, "HUU_TRI_XA_HOI", start=D(2025, 8, 1))
    assert (amount_for(allowance, "2026-01"), amount_for(pension, "2026-01")) == (500_000, 0)


def test_a_provincial_top_up_of_the_pension_makes_it_the_higher(commune, tree):
    person = elder(commune, D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")
    allowance = make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    pension = make_enrollment(person, "HUU_TRI_XA_HOI", start=D(2025, 8, 1))
    BenefitStandard.objects.create(code="HTXH", name="Trợ cấp hưu trí xã hội (tỉnh hỗ trợ thêm)",
                                   province=tree["bac_ninh"], amount=600_000, valid_from=D(2026, 1, 1),
                                   legal_basis="NQ HĐND tỉnh")
    assert (amount_for(allowance, "2026-01"), amount_for(pension, "2026-01")) == (0, 600_000)
    assert [n.code for n in explain(allowance, "2026-01").notes] == ["paid_by_other"]


def test_a_problem_in_one_program_of_the_group_blocks_the_other(commune):
    person = elder(commune, D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")
    allowance = make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    pension = make_enrollment(person, "HUU_TRI_XA_HOI", start=D(2025, 8, 1))
    BenefitStandard.objects.filter(code="TGXH").delete()
    assert [p.code for p in explain(allowance, "2026-01").problems] == ["no_standard"]
    assert [p.code for p in explain(pension, "2026-01").problems] == ["other_problem"]


# ------------------------------------------------------------------------------------------------------------
# 6. One-off payments: funeral support and gifts
# ------------------------------------------------------------------------------------------------------------
def test_a_death_proposes_funeral_support_paid_once_at_20_times_the_base_of_the_day(commune, officer_b, chairman_b):
    from beneficiaries.services.persons import person_update
    from programs.models import Enrollment
    from programs.services.enrollments import enrollment_approve, enrollment_submit

    allowance = protected(commune, "NCT_80", D(1940, 1, 1))
    person_update(by=officer_b, person=allowance.person, date_of_death=D(2026, 3, 15))
    funeral = Enrollment.objects.get(person=allowance.person, program__code="MAI_TANG")
    assert funeral.status == "draft" and funeral.start_date == D(2026, 3, 15)
    enrollment_submit(by=officer_b, enrollment=funeral)
    funeral = enrollment_approve(by=chairman_b, enrollment=funeral, decision_no="3/QĐ")
    assert [amount_for(funeral, m) for m in ("2026-02", "2026-03", "2026-04")] == [0, 10_000_000, 0]
    assert amount_for(allowance, "2026-03") == 500_000 and amount_for(allowance, "2026-04") == 0


def test_funeral_support_goes_by_the_base_in_force_on_the_day_of_death(commune):
    person = make_person(commune, date_of_birth=D(1940, 1, 1), date_of_death=D(2026, 7, 20))
    make_protection_profile(person, group="NCT_80", status="approved")
    make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    funeral = make_enrollment(person, "MAI_TANG", start=D(2026, 7, 20))
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn", amount=540_000, valid_from=D(2026, 7, 15),
                                   legal_basis="giả định để kiểm tra ngày áp dụng")
    assert amount_for(funeral, "2026-07") == 20 * 540_000


def test_no_funeral_support_for_a_person_not_on_an_allowance(commune, officer_b):
    from django.core.exceptions import ValidationError

    from beneficiaries.services.persons import person_update
    from programs.models import Enrollment

    person = make_person(commune, date_of_birth=D(1940, 1, 1))
    person_update(by=officer_b, person=person, date_of_death=D(2026, 3, 15))
    person.refresh_from_db()
    assert not Enrollment.objects.filter(person=person).exists()
    with pytest.raises(ValidationError) as exc:
        propose(officer_b, person, "MAI_TANG")
    assert "không thuộc diện hỗ trợ mai táng" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError):
        propose(officer_b, make_person(commune, date_of_birth=D(1940, 1, 1)), "MAI_TANG")  # alive


@pytest.mark.parametrize("profiles,expected", [
    ([dict(category=TB, injury_rate=61)], 300_000),
    ([dict(category=TB, injury_rate=85)], 600_000),
    ([dict(category="TIEN_KN")], 600_000),
    ([dict(category="TU_DAY")], 300_000),
    ([dict(category="HDKC")], 300_000),
    # a person in two categories: one gift, the highest
    ([dict(category=TB, injury_rate=61), dict(category="BENH_BINH", injury_rate=85)], 600_000),
    ([dict(category=TB, injury_rate=61), dict(category="TU_DAY")], 300_000),
])
def test_tet_2026_gift_one_per_person_at_the_highest_level(commune, profiles, expected):
    person = make_person(commune, date_of_birth=D(1950, 1, 1))
    for profile in profiles:
        make_merit_profile(person, status="approved", **profile)
    gift = make_enrollment(person, "QUA_TET_2026", start=D(2026, 1, 10))
    assert amount_for(gift, "2026-01") == expected
    assert amount_for(gift, "2026-02") == 0  # once


def test_gift_after_the_delivery_deadline_has_no_rule(commune):
    person = make_person(commune, date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="TU_DAY", status="approved")
    late = make_enrollment(person, "QUA_TET_2026", start=D(2026, 2, 3))
    assert [p.code for p in explain(late, "2026-02").problems] == ["no_rule"]


def test_a_one_off_program_is_paid_once_by_batches(commune, specialist, tree):
    from payments.services.batches import payment_batch_generate
    from programs.models import Program

    person = make_person(commune, date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="TIEN_KN", status="approved")
    make_enrollment(person, "QUA_TET_2026", start=D(2026, 1, 10))
    program = Program.objects.get(code="QUA_TET_2026")
    january = payment_batch_generate(by=specialist, program=program, period="2026-01", area=tree["bac_ninh"])
    assert [(line.period, line.amount) for line in january.lines.all()] == [(D(2026, 1, 1), 600_000)]
    february = payment_batch_generate(by=specialist, program=program, period="2026-02", area=tree["bac_ninh"])
    assert february.line_count == 0


# ------------------------------------------------------------------------------------------------------------
# Single parents: per child under 16, or under 22 while studying, counted from the linked children
# ------------------------------------------------------------------------------------------------------------
def single_parent(commune, officer, children):
    """A DON_THAN profile with linked children [(born, studying_until)], approved and enrolled."""
    from beneficiaries.models import ProtectionGroup
    from beneficiaries.services.profiles import profile_child_add, protection_profile_create

    parent = make_person(commune, date_of_birth=D(1985, 1, 1), sex="female")
    profile = protection_profile_create(by=officer, person=parent, group=ProtectionGroup.objects.get(code="DON_THAN"),
                                        children_count=len(children))
    for born, studying in children:
        profile_child_add(by=officer, profile=profile, child=make_person(commune, date_of_birth=born),
                          studying_until=studying)
    profile.status = "approved"
    profile.save()
    return make_enrollment(parent, "TCXH_HANG_THANG", start=D(2025, 1, 1))


def test_single_parent_paid_per_child_month_by_month(commune, officer_b):
    enrollment = single_parent(commune, officer_b, [
        (D(2010, 6, 1), None),  # 16 on 1 June 2026: counts through June
        (D(2010, 3, 20), D(2027, 6, 30)),  # 16 in March but studying: counts
        (D(2004, 8, 10), D(2027, 6, 30)),  # studying, 22 on 10 August 2026: counts through August
        (D(2015, 1, 1), None),
    ])
    assert amount_for(enrollment, "2026-06") == 4 * 500_000
    assert amount_for(enrollment, "2026-07") == 3 * 500_000
    assert amount_for(enrollment, "2026-08") == 3 * 500_000
    assert amount_for(enrollment, "2026-09") == 2 * 500_000


def test_single_parent_whose_children_all_grew_up_is_paid_nothing_and_told_why(commune, officer_b):
    enrollment = single_parent(commune, officer_b, [(D(2009, 1, 15), None)])
    assert amount_for(enrollment, "2025-01") == 500_000
    result = explain(enrollment, "2025-02")
    assert result.amount == 0 and not result.problems and [n.code for n in result.notes] == ["no_child_counts"]


def test_a_count_without_linked_children_is_paid_as_recorded_with_a_note(commune):
    enrollment = protected(commune, "DON_THAN", D(1990, 1, 1), children_count=2)
    result = explain(enrollment, "2026-01")
    assert result.amount == 1_000_000 and [n.code for n in result.notes] == ["children_not_linked"]


def test_linking_children_is_checked(commune, officer_b, officer_a, tree):
    from django.core.exceptions import PermissionDenied, ValidationError

    from beneficiaries.models import ProtectionGroup
    from beneficiaries.services.profiles import profile_child_add, profile_child_remove, protection_profile_create

    parent = make_person(commune, date_of_birth=D(1985, 1, 1))
    profile = protection_profile_create(by=officer_b, person=parent, children_count=1,
                                        group=ProtectionGroup.objects.get(code="DON_THAN"))
    child = make_person(commune, date_of_birth=D(2012, 1, 1))
    profile_child_add(by=officer_b, profile=profile, child=child)
    with pytest.raises(ValidationError):  # twice
        profile_child_add(by=officer_b, profile=profile, child=child)
    with pytest.raises(ValidationError):  # older than the parent
        profile_child_add(by=officer_b, profile=profile, child=make_person(commune, date_of_birth=D(1960, 1, 1)))
    with pytest.raises(PermissionDenied):  # another commune's officer
        profile_child_add(by=officer_a, profile=profile, child=make_person(tree["bac_giang"]))
    second = make_person(commune, date_of_birth=D(2014, 1, 1))
    profile_child_add(by=officer_b, profile=profile, child=second)
    profile.refresh_from_db()
    assert profile.children_count == 2 and profile.children.first().events.count() == 1
    profile_child_remove(by=officer_b, profile=profile, child=second)
    profile.refresh_from_db()
    assert profile.children_count == 1
    other = protection_profile_create(by=officer_b, person=make_person(commune), group=ProtectionGroup.objects.get(
        code="NCT_80"))
    with pytest.raises(ValidationError):  # only single parents
        profile_child_add(by=officer_b, profile=other, child=second)


def test_children_through_the_api_and_the_page(commune, officer_b, api_client_for, client):
    from beneficiaries.models import ProtectionGroup
    from beneficiaries.services.profiles import protection_profile_create

    parent = make_person(commune, date_of_birth=D(1985, 1, 1))
    profile = protection_profile_create(by=officer_b, person=parent, children_count=1,
                                        group=ProtectionGroup.objects.get(code="DON_THAN"))
    child = make_person(commune, date_of_birth=D(2009, 5, 5))
    api = api_client_for(officer_b)
    body = api.post(f"/api/v1/protection-profiles/{profile.pk}/children/",
                    {"child": child.pk, "studying_until": "2027-06-30"}, format="json").json()
    assert body["children"] == [{"child": child.pk, "studying_until": "2027-06-30"}]
    body = api.post(f"/api/v1/protection-profiles/{profile.pk}/children/", {"child": child.pk, "remove": True},
                    format="json").json()
    assert body["children"] == []
    client.force_login(officer_b)
    response = client.post(f"/ho-so/protection/{profile.pk}/con/", {"child": child.pk, "studying_until": "30/06/2027"})
    assert response.status_code == 302
    page = client.get(f"/ho-so/protection/{profile.pk}/sua/").content.decode()
    assert "Con đang nuôi" in page and child.full_name in page and "30/06/2027" in page
