import datetime

import pytest

from complaints.services import complaint_receive
from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.models import Program
from tests.factories import make_enrollment, make_person, make_protection_profile, national_id_for

D = datetime.date


TODAY = D(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """These tests are written for one day (deadlines and overdue flags depend on it): 25/11/2026."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def person_a(tree):
    return make_person(tree["bac_giang"], full_name="Nguyễn Văn Ánh", phone="0912345678",
                       national_id=national_id_for("male", D(1950, 5, 1)))


@pytest.fixture
def received(officer_a, tree, person_a):
    """A complaint received by the commune of Bắc Giang about one of its persons."""
    return complaint_receive(by=officer_a, kind="complaint", channel="in_person", received_on=D(2026, 11, 2),
                             area=tree["bac_giang"], content="Không được xét trợ cấp xã hội hằng tháng.",
                             complainant=person_a, person=person_a)


@pytest.fixture
def failed_twice(tree, officer_a, chairman_a):
    """A July line that failed, and its retry in August that failed too: the month waits for a person."""
    person = make_person(tree["bac_giang"], full_name="Lê Thị Hoa", date_of_birth=D(1940, 1, 1),
                         payment_channel="bank", bank_code="VBA", account_number="0123456789",
                         account_holder="Lê Thị Hoa")
    make_protection_profile(person, group="NCT_80", status="approved")
    make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 7, 1))
    program = Program.objects.get(code="TCXH_HANG_THANG")
    july = payment_batch_approve(by=chairman_a, batch=payment_batch_generate(
        by=officer_a, program=program, period="2025-07", area=tree["bac_giang"]))
    july.lines.update(status="failed", failure_reason="Sai số tài khoản")
    august = payment_batch_approve(by=chairman_a, batch=payment_batch_generate(
        by=officer_a, program=program, period="2025-08", area=tree["bac_giang"]))
    august.lines.filter(period=D(2025, 7, 1)).update(status="failed", failure_reason="Tài khoản bị khoá")
    return august.lines.get(period=D(2025, 7, 1))
