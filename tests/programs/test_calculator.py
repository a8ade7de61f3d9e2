import datetime

import pytest

from programs.calculator import amount_for, amounts_for, explain
from programs.models import BenefitStandard, Suspension
from tests.factories import make_enrollment, make_merit_profile, make_person, make_protection_profile

D = datetime.date


@pytest.fixture
def commune(tree):
    return tree["tay_yen_tu"]


def protected(commune, group, born, **profile):
    person = make_person(commune, date_of_birth=born)
    make_protection_profile(person, group=group, status="approved", **profile)
    return person


def monthly(person, **kw):
    return make_enrollment(person, "TCXH_HANG_THANG", **kw)


def test_coefficient_15_pays_540k_before_and_750k_after_july_2024(commune):
    enrollment = monthly(protected(commune, "TN_16_22", D(2006, 1, 1), studying_until=D(2027, 6, 30)))
    assert amount_for(enrollment, "2024-06") == 540_000
    assert amount_for(enrollment, "2024-07") == 750_000


def test_orphan_turning_four_changes_coefficient_the_month_after_the_birthday(commune):
    enrollment = monthly(protected(commune, "TE_KNND", D(2021, 3, 15)))
    assert amount_for(enrollment, "2025-03") == 1_250_000  # 3 years old on 1 March: 2.5 × 500,000
    assert amount_for(enrollment, "2025-04") == 750_000  # 4 on 1 April: 1.5


def test_a_birthday_on_the_first_changes_the_rate_the_month_after_too(commune):
    enrollment = monthly(protected(commune, "TE_KNND", D(2021, 3, 1)))
    assert amount_for(enrollment, "2025-03") == 1_250_000  # 4 on 1 March: the change applies from April
    assert amount_for(enrollment, "2025-04") == 750_000


def test_poor_elderly_turning_80(commune):
    enrollment = monthly(protected(commune, "NCT_NGHEO", D(1945, 8, 10)))
    assert amount_for(enrollment, "2025-08") == 750_000  # 79 on 1 August: 1.5
    assert amount_for(enrollment, "2025-09") == 1_000_000  # 80: 2.0


def test_single_parent_with_three_children(commune):
    enrollment = monthly(protected(commune, "DON_THAN", D(1990, 1, 1), children_count=3))
    assert amount_for(enrollment, "2025-01") == 1_500_000
    assert amount_for(enrollment, "2024-01") == 1_080_000


def test_disability_pays_more_for_a_child_or_elderly(commune):
    adult = monthly(protected(commune, "NKT_DBN", D(1980, 1, 1)))
    child = monthly(protected(commune, "NKT_DBN", D(2015, 1, 1)))
    elderly = monthly(protected(commune, "NKT_NANG", D(1950, 1, 1)))
    assert amount_for(adult, "2025-01") == 1_000_000
    assert amount_for(child, "2025-01") == 1_250_000
    assert amount_for(elderly, "2025-01") == 1_000_000


def test_the_highest_row_applies_when_several_do(commune):
    person = protected(commune, "NCT_80", D(1940, 1, 1))  # 1.0
    make_protection_profile(person, group="NKT_NANG", status="approved")  # elderly with severe disability: 2.0
    enrollment = monthly(person)
    assert amount_for(enrollment, "2025-01") == 1_000_000
    assert explain(enrollment, "2025-01").rule_ids  # the rule that won is named


@pytest.mark.parametrize("category,expected", [
    ("TIEN_KN", 2_884_000), ("BM_VNAH", 8_367_000 + 2_337_000), ("AH_LLVT", 2_337_000), ("AH_LD_KC", 2_337_000),
    ("TU_DAY", 1_673_000),
])
def test_merit_amounts_of_decree_77_2024(commune, category, expected):
    person = make_person(commune, date_of_birth=D(1930, 1, 1))
    make_merit_profile(person, category=category, status="approved")
    enrollment = make_enrollment(person, "UU_DAI_HANG_THANG")
    assert amount_for(enrollment, "2024-07") == expected
    before = explain(enrollment, "2024-06")  # earlier tables are not in the data: a problem, not a silent 0
    assert before.amount == 0 and [p.code for p in before.problems] == ["no_rule"]


@pytest.mark.parametrize("martyrs,expected", [(1, 2_789_000), (2, 5_578_000), (3, 8_367_000), (4, 8_367_000)])
def test_relatives_of_one_two_three_martyrs(commune, martyrs, expected):
    mother = make_person(commune, date_of_birth=D(1935, 1, 1), sex="female")
    for i in range(martyrs):
        martyr = make_person(commune, date_of_birth=D(1950 + i, 1, 1), date_of_death=D(1972, 1, 1))
        make_merit_profile(martyr, category="LIET_SI", status="approved")
        make_merit_profile(mother, category="LIET_SI", status="approved", merit_person=martyr, relationship_id="ME_DE")
    enrollment = make_enrollment(mother, "UU_DAI_HANG_THANG")
    assert amount_for(enrollment, "2025-01") == expected


def test_death_mid_month_pays_that_month_and_nothing_after(commune):
    person = protected(commune, "NCT_80", D(1940, 1, 1))
    enrollment = monthly(person)
    person.date_of_death = D(2025, 5, 20)
    person.save()
    assert amount_for(enrollment, "2025-05") == 500_000
    assert amount_for(enrollment, "2025-06") == 0


def test_months_before_start_and_after_end_pay_nothing(commune):
    enrollment = monthly(protected(commune, "NCT_80", D(1940, 1, 1)), start=D(2025, 3, 15), end=D(2025, 6, 30))
    assert amount_for(enrollment, "2025-02") == 0
    assert amount_for(enrollment, "2025-03") == 500_000
    assert amount_for(enrollment, "2025-06") == 500_000
    assert amount_for(enrollment, "2025-07") == 0


def test_suspension_covers_months_whose_first_day_is_inside(commune):
    enrollment = monthly(protected(commune, "NCT_80", D(1940, 1, 1)))
    Suspension.objects.create(enrollment=enrollment, from_date=D(2025, 3, 10), to_date=D(2025, 5, 31))
    assert [amount_for(enrollment, f"2025-0{m}") for m in (3, 4, 5, 6)] == [500_000, 0, 0, 500_000]


def test_unapproved_enrollment_pays_nothing(commune):
    person = protected(commune, "NCT_80", D(1940, 1, 1))
    for status in ("draft", "submitted", "returned", "rejected"):
        assert amount_for(monthly(person, status=status), "2025-01") == 0


def test_profile_not_approved_pays_nothing(commune):
    person = make_person(commune, date_of_birth=D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="suspended")
    assert amount_for(monthly(person), "2025-01") == 0


def test_health_insurance_is_in_kind(commune):
    enrollment = make_enrollment(protected(commune, "NCT_80", D(1940, 1, 1)), "BHYT_NSNN")
    assert amount_for(enrollment, "2025-01") == 0


def test_facility_care_five_under_four_then_four(commune):
    enrollment = make_enrollment(protected(commune, "TE_KNND", D(2022, 6, 1)), "NUOI_DUONG_CO_SO")
    assert amount_for(enrollment, "2026-06") == 2_500_000  # 4 on 1 June: from July
    assert amount_for(enrollment, "2026-07") == 2_000_000


def test_a_retroactive_standard_changes_past_months(commune):
    enrollment = monthly(protected(commune, "TN_16_22", D(2006, 1, 1), studying_until=D(2027, 6, 30)))
    assert amount_for(enrollment, "2026-08") == 750_000
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn trợ giúp xã hội", amount=540_000,
                                   valid_from=D(2026, 7, 1), legal_basis="NĐ 335/2026 (nhập bổ sung)")
    assert amount_for(enrollment, "2026-08") == 810_000
    assert amount_for(enrollment, "2026-07") == 810_000
    assert amount_for(enrollment, "2026-06") == 750_000


def test_many_enrollments_in_one_query(commune, django_assert_max_num_queries):
    enrollments = [monthly(protected(commune, "NCT_80", D(1940, 1, 1))) for _ in range(20)]
    enrollments.append(monthly(protected(commune, "DON_THAN", D(1990, 1, 1), children_count=2)))
    with django_assert_max_num_queries(2):  # the amounts; the profiles named by problems and notes
        result = amounts_for([e.pk for e in enrollments], "2025-01")
    assert [result[e.pk].amount for e in enrollments] == [500_000] * 20 + [1_000_000]
    assert all(result[e.pk].amount == amount_for(e, "2025-01") for e in enrollments)


def test_bad_period_is_refused(commune):
    from common.exceptions import DomainError

    enrollment = monthly(protected(commune, "NCT_80", D(1940, 1, 1)))
    with pytest.raises(DomainError, match="YYYY-MM"):
        amount_for(enrollment, "07/2025")
