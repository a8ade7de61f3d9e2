"""The hand-built province of the indicator tests (expected values are worked out by hand in the tests)."""

import datetime

import pytest
from django.utils import timezone

from payments.models import Payment, PaymentBatch
from programs.models import Admission, Facility, Suspension
from tests.factories import make_household, make_merit_profile, make_person, make_protection_profile
from tests.helpers import approved, backdate, enrolled  # noqa: F401  (used by the fixtures)

D = datetime.date


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
