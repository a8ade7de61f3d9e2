"""Each indicator on a small hand-built province; expected values worked out by hand."""

import datetime
from decimal import Decimal

from beneficiaries.services.reviews import poverty_review_save
from indicators.models import AreaStatistic, Indicator
from indicators.selectors import by_commune, figure, records
from tests.factories import make_household
from tests.helpers import backdate

D = datetime.date
AS_OF = D(2026, 10, 20)


def value(code, area, day=AS_OF):
    f = figure(Indicator.objects.get(code=code), area, day)
    return f.numerator, f.denominator, f.value


def test_protection_monthly(province, tree):
    # approved and alive on AS_OF: P1, P2, P4 (P3 died); paying on AS_OF: P1 only (P2 suspended)
    assert value("protection_monthly", tree["bac_ninh"]) == (1, 3, Decimal("33.33"))
    assert value("protection_monthly", province["a"]) == (1, 2, Decimal("50.00"))


def test_protection_facility(province, tree):
    assert value("protection_facility", tree["bac_ninh"]) == (1, 1, Decimal("100.00"))
    assert value("protection_facility", tree["bac_ninh"], D(2026, 2, 1))[0] == 0  # admitted in March


def test_merit_paid_counts_only_paid_lines_of_the_month(province, tree):
    assert value("merit_paid", tree["bac_ninh"]) == (1, 2, Decimal("50.00"))
    assert value("merit_paid", tree["bac_ninh"], D(2026, 10, 5)) == (0, 2, Decimal("0.00"))  # paid on the 10th


def test_insured_beneficiaries(province, tree):
    # P1, P2, P4, M1, M2 are alive with an approved profile; valid cards on AS_OF: P1, M1
    assert value("insured_beneficiaries", tree["bac_ninh"]) == (2, 5, Decimal("40.00"))


def test_cashless_share_counts_paid_lines(province, tree):
    assert value("cashless_share", tree["bac_ninh"]) == (1, 1, Decimal("100.00"))


def test_poor_rate_with_and_without_area_statistics(province, tree, officer_a):
    poor = make_household(province["a"], code="HP")
    poverty_review_save(by=officer_a, household=poor, year=2026, income_per_capita=1_000_000,
                        deprivations=["BHYT", "NUOC_SH", "NHA_TIEU"])
    poverty_review_save(by=officer_a, household=province["household"], year=2026, income_per_capita=1_000_000,
                        deprivations=[])
    backdate()
    assert value("poor_rate", tree["bac_ninh"]) == (1, 2, Decimal("50.00"))  # 2 registered households
    assert value("near_poor_rate", tree["bac_ninh"]) == (1, 2, Decimal("50.00"))
    AreaStatistic.objects.create(area=province["a"], year=2026, households=40)
    AreaStatistic.objects.create(area=province["b"], year=2026, households=60)
    assert value("poor_rate", tree["bac_ninh"]) == (1, 100, Decimal("1.00"))
    rows = by_commune(Indicator.objects.get(code="poor_rate"), tree["bac_ninh"], AS_OF)
    assert {r["area"]: (r["numerator"], r["denominator"]) for r in rows} == {"07210": (1, 40), "07616": (0, 60)}


def test_merit_living_standard(province, tree, officer_a):
    # never reviewed: not counted as failing
    assert value("merit_living_standard", tree["bac_ninh"]) == (1, 1, Decimal("100.00"))
    poverty_review_save(by=officer_a, household=province["household"], year=2025, income_per_capita=5_000_000,
                        deprivations=[])
    backdate()
    assert value("merit_living_standard", tree["bac_ninh"]) == (1, 1, Decimal("100.00"))
    poverty_review_save(by=officer_a, household=province["household"], year=2026, income_per_capita=1_000_000,
                        deprivations=[])  # near-poor in the latest review: fails
    backdate()
    assert value("merit_living_standard", tree["bac_ninh"]) == (0, 1, Decimal("0.00"))
    label = Indicator.objects.get(code="merit_living_standard").numerator_label
    assert "hộ chưa rà soát được tính là đạt" in label


def test_facilities_count(province, tree):
    assert value("facilities", tree["bac_ninh"]) == (1, None, Decimal("1"))


def test_as_of_in_the_past_ignores_later_records(province, tree):
    assert value("protection_monthly", tree["bac_ninh"], D(2025, 12, 31)) == (0, 0, None)
    assert value("protection_monthly", tree["bac_ninh"], D(2026, 1, 5)) == (0, 0, None)  # approved on 10 January
    # 15 January: P3 still alive, P2 not yet suspended: P1, P2 paid of P1–P4
    assert value("protection_monthly", tree["bac_ninh"], D(2026, 1, 15)) == (2, 4, Decimal("50.00"))


def test_records_are_the_people_behind_the_figure(province, tree):
    names = [p.full_name for p in records("protection_monthly", tree["bac_ninh"], AS_OF, "denominator")]
    assert names == ["P1", "P2", "P4 wants care"]
    assert [p.full_name for p in records("cashless_share", tree["bac_ninh"], AS_OF, "numerator")] == ["M1"]


def test_breakdown_puts_the_furthest_from_target_first(province, tree):
    rows = by_commune(Indicator.objects.get(code="protection_monthly"), tree["bac_ninh"], AS_OF)
    assert [(r["area"], r["value"]) for r in rows] == [("07616", Decimal("0.00")), ("07210", Decimal("50.00"))]
