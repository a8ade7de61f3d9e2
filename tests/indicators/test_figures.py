"""Each indicator on a small hand-built province; expected values worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from beneficiaries.services.reviews import poverty_review_save
from indicators.models import AreaStatistic, Indicator
from indicators.selectors import by_commune, figure, records
from payments.models import Payment, PaymentBatch
from programs.models import Admission, Facility, Suspension
from tests.factories import (
    make_enrollment,
    make_household,
    make_merit_profile,
    make_person,
    make_protection_profile,
)

D = datetime.date
AS_OF = D(2026, 10, 20)
APPROVED_AT = timezone.make_aware(datetime.datetime(2026, 1, 10))


def backdate():
    """Records made by the test are "now"; move them to early 2026 so AS_OF (October 2026) sees them."""
    from beneficiaries.models import Household, Person, PovertyReview

    early = timezone.make_aware(datetime.datetime(2026, 1, 2))
    for model in (Person, Household, PovertyReview, Facility):
        model.objects.update(created_at=early)


def value(code, area, day=AS_OF):
    f = figure(Indicator.objects.get(code=code), area, day)
    return f.numerator, f.denominator, f.value


def approved(profile):
    type(profile).objects.filter(pk=profile.pk).update(approved_at=APPROVED_AT)
    return profile


def enrolled(person, code, **kw):
    enrollment = make_enrollment(person, code, start=D(2026, 1, 1), **kw)
    type(enrollment).objects.filter(pk=enrollment.pk).update(approved_at=APPROVED_AT)
    return enrollment


@pytest.fixture
def province(tree, specialist):
    """Bắc Giang (07210) and Tây Yên Tử (07616) in Bắc Ninh; Ba Đình (00004) in Hà Nội is outside."""
    a, b, outside = tree["bac_giang"], tree["tay_yen_tu"], tree["ba_dinh"]
    world = {}
    # protection: 3 approved in Bắc Ninh (one died), 2 enrolled (one suspended on AS_OF)
    p1 = make_person(a, full_name="P1", health_insurance_valid_to=D(2026, 12, 31))
    p2 = make_person(b, full_name="P2", health_insurance_valid_to=D(2026, 1, 1))
    p3 = make_person(b, full_name="P3", date_of_death=D(2026, 5, 1))
    p4 = make_person(a, full_name="P4 wants care")
    for p in (p1, p2, p3):
        approved(make_protection_profile(p, group="NCT_80", status="approved"))
    approved(make_protection_profile(p4, group="NKT_DBN", status="approved", wants_facility_care=True))
    enrolled(p1, "TCXH_HANG_THANG")
    suspended = enrolled(p2, "TCXH_HANG_THANG")
    Suspension.objects.create(enrollment=suspended, from_date=D(2026, 9, 1))
    outsider = make_person(outside, full_name="Hà Nội")
    approved(make_protection_profile(outsider, group="NCT_80", status="approved"))
    enrolled(outsider, "TCXH_HANG_THANG")
    facility = Facility.objects.create(code="F1", name="Trung tâm", capacity=10, area=a)
    Admission.objects.create(person=p4, facility=facility, admitted_on=D(2026, 3, 1), created_by=specialist)
    # merit: two merit persons enrolled; one paid for October, one line unpaid
    household = make_household(a, code="HM")
    m1 = make_person(a, full_name="M1", household=household, health_insurance_valid_to=D(2027, 1, 1))
    m2 = make_person(b, full_name="M2")
    for m in (m1, m2):
        approved(make_merit_profile(m, category="HDKC", status="approved"))
    e1, e2 = enrolled(m1, "UU_DAI_HANG_THANG"), enrolled(m2, "UU_DAI_HANG_THANG")
    batch = PaymentBatch.objects.create(program=e1.program, period=D(2026, 10, 1), area=tree["bac_ninh"],
                                        generated_by=specialist, generated_at=timezone.now(), status="exported")
    paid_at = timezone.make_aware(datetime.datetime(2026, 10, 10))
    Payment.objects.create(batch=batch, enrollment=e1, person=m1, period=D(2026, 10, 1), kind="regular",
                           amount=1, reference="R1", channel="bank", status="paid", paid_at=paid_at)
    Payment.objects.create(batch=batch, enrollment=e2, person=m2, period=D(2026, 10, 1), kind="regular",
                           amount=1, reference="R2", channel="cash", status="pending")
    world.update(a=a, b=b, outside=outside, household=household)
    backdate()
    return world


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
    poverty_review_save(by=officer_a, household=province["household"], year=2025, income_per_capita=5_000_000,
                        deprivations=[])
    backdate()
    assert value("merit_living_standard", tree["bac_ninh"]) == (1, 1, Decimal("100.00"))


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
