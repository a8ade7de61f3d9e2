import datetime

import pytest

from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.models import Program
from tests.factories import make_enrollment, make_person, make_protection_profile

D = datetime.date


def beneficiary(area, *, full_name, channel="bank", account="0123456789", holder=None, start=None):
    person = make_person(area, full_name=full_name, date_of_birth=D(1940, 1, 1), payment_channel=channel,
                         bank_code="VBA" if channel != "cash" else "", account_number=account if channel != "cash"
                         else "", account_holder=(holder if holder is not None else full_name) if channel != "cash"
                         else "")
    make_protection_profile(person, group="NCT_80", status="approved")
    return make_enrollment(person, "TCXH_HANG_THANG", start=start or D(2025, 7, 1))


@pytest.fixture
def approved_batch(tree, officer_a, chairman_a):
    beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    beneficiary(tree["bac_giang"], full_name="Trần Thị Bình", channel="ewallet", account="0912345678")
    beneficiary(tree["bac_giang"], full_name="Lê Văn Cường", channel="cash")
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    return payment_batch_approve(by=chairman_a, batch=batch)
