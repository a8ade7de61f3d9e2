import datetime

import pytest
from django.core.exceptions import ValidationError

from beneficiaries.models import PovertyStandard
from beneficiaries.selectors import poverty_changes
from beneficiaries.services.reviews import poverty_review_save, standard_for
from tests.factories import make_household

ALL = ["VIEC_LAM", "NGUOI_PHU_THUOC", "DINH_DUONG", "BHYT", "GD_NGUOI_LON", "DI_HOC_TRE_EM", "CL_NHA_O",
       "DT_NHA_O", "NUOC_SH", "NHA_TIEU", "VIEN_THONG", "TIEP_CAN_TT"]


@pytest.fixture
def rural(tree, officer_b):
    return make_household(tree["tay_yen_tu"], by=officer_b)  # a xã: rural


@pytest.fixture
def urban(tree, officer_a):
    return make_household(tree["bac_giang"], by=officer_a)  # a phường: urban


def classify(by, household, income, deprivations=0, year=2025):
    return poverty_review_save(by=by, household=household, year=year, income_per_capita=income,
                               deprivations=ALL[:deprivations]).classification


@pytest.mark.parametrize("income,deprivations,expected", [
    (1_500_000, 3, "poor"),        # at the line, 3 deprivations
    (1_500_000, 2, "near_poor"),   # at the line, 2 deprivations
    (0, 12, "poor"),
    (1_500_001, 5, "average"),     # above the line: deprivations no longer matter
    (2_250_000, 0, "average"),     # at the average-living line
    (2_250_001, 0, "other"),
])
def test_rural_boundaries(officer_b, rural, income, deprivations, expected):
    assert classify(officer_b, rural, income, deprivations) == expected


@pytest.mark.parametrize("income,deprivations,expected", [
    (2_000_000, 3, "poor"),
    (2_000_000, 2, "near_poor"),
    (1_500_001, 3, "poor"),        # above the rural line but within the urban one
    (2_000_001, 3, "average"),
    (3_000_000, 0, "average"),
    (3_000_001, 0, "other"),
])
def test_urban_boundaries(officer_a, urban, income, deprivations, expected):
    assert classify(officer_a, urban, income, deprivations) == expected


def test_standard_is_chosen_by_year(officer_b, rural):
    review_2026 = poverty_review_save(by=officer_b, household=rural, year=2026, income_per_capita=2_000_000,
                                      deprivations=[])
    review_2027 = poverty_review_save(by=officer_b, household=rural, year=2027, income_per_capita=2_000_000,
                                      deprivations=ALL[:3])
    assert review_2026.standard.code == "ND07_2021"
    assert review_2026.classification == "average"  # above 1.5M, within 2.25M
    assert review_2027.standard.code == "ND351_2025"
    assert review_2027.classification == "poor"  # 2.0M is under the new 2.2M rural line


def test_without_an_average_line_above_the_poverty_line_is_other(officer_b, rural):
    assert classify(officer_b, rural, 2_200_001, 0, year=2027) == "other"


def test_a_local_standard_takes_precedence(officer_b, rural, tree):
    PovertyStandard.objects.create(code="BN_2025", name="Chuẩn nghèo Bắc Ninh", jurisdiction=tree["bac_ninh"],
                                   valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 12, 31),
                                   rural_poverty_line=1_800_000, urban_poverty_line=2_300_000)
    assert standard_for(year=2025, area=tree["tay_yen_tu"]).code == "BN_2025"
    assert standard_for(year=2025, area=tree["ba_dinh"]).code == "ND07_2021"
    assert classify(officer_b, rural, 1_700_000, 3) == "poor"


def test_no_standard_for_the_year(officer_b, rural):
    PovertyStandard.objects.all().delete()
    with pytest.raises(ValidationError) as exc:
        classify(officer_b, rural, 1, year=2025)
    assert exc.value.message_dict["year"] == ["Chưa có chuẩn nghèo áp dụng cho năm 2025."]


def test_one_review_per_household_per_year(officer_b, rural):
    classify(officer_b, rural, 1_000_000)
    with pytest.raises(ValidationError) as exc:
        classify(officer_b, rural, 2_000_000)
    assert exc.value.message_dict["year"] == ["Hộ đã có kết quả rà soát năm 2025; hãy sửa kết quả đó."]


def test_bad_input_is_refused(officer_b, rural):
    with pytest.raises(ValidationError) as exc:
        poverty_review_save(by=officer_b, household=rural, year=1999, income_per_capita=-1,
                            deprivations=["KHONG_CO"])
    errors = exc.value.message_dict
    assert set(errors) == {"year", "income_per_capita", "deprivations"}
    assert errors["deprivations"] == ["Chỉ số không có trong danh mục: KHONG_CO."]


def test_correcting_a_review_reclassifies_it(officer_b, rural):
    review = poverty_review_save(by=officer_b, household=rural, year=2025, income_per_capita=1_000_000,
                                 deprivations=ALL[:4])
    assert review.classification == "poor" and review.deprivation_count == 4
    review = poverty_review_save(by=officer_b, household=rural, year=2025, income_per_capita=1_000_000,
                                 deprivations=ALL[:1], review=review)
    assert review.classification == "near_poor" and review.deprivation_count == 1


def test_other_commune_cannot_review(officer_a, rural):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        classify(officer_a, rural, 1_000_000)


def test_newly_poor_left_poverty_and_fell_back(officer_b, specialist, tree):
    commune = tree["tay_yen_tu"]
    history = {  # household → {year: (income, deprivations)}
        "new": {2023: (3_000_000, 0), 2024: (1_000_000, 4)},
        "left": {2023: (1_000_000, 4), 2024: (3_000_000, 0)},
        "back": {2022: (1_000_000, 4), 2023: (3_000_000, 0), 2024: (1_000_000, 4)},
        "still": {2023: (1_000_000, 4), 2024: (1_000_000, 4)},
    }
    households = {}
    for name, years in history.items():
        households[name] = make_household(commune, code=f"H-{name}")
        for year, (income, count) in years.items():
            classify(officer_b, households[name], income, count, year=year)
    flags = {r.household.code: (r.newly_poor, r.fell_back, r.left_poverty)
             for r in poverty_changes(user=specialist, year=2024)}
    assert flags == {
        "H-new": (True, False, False),
        "H-left": (False, False, True),
        "H-back": (False, True, False),
        "H-still": (False, False, False),
    }

