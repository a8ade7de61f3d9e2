import datetime

import pytest

from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.models import Program
from tests.helpers import make_beneficiary

D = datetime.date


@pytest.fixture
def approved_batch(tree, officer_a, chairman_a):
    make_beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    make_beneficiary(tree["bac_giang"], full_name="Trần Thị Bình", channel="ewallet", account="0912345678")
    make_beneficiary(tree["bac_giang"], full_name="Lê Văn Cường", channel="cash")
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    return payment_batch_approve(by=chairman_a, batch=batch)
