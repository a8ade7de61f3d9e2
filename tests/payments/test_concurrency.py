"""Two people acting on the same batch at the same moment, with real threads and transactions:
exactly one wins, nothing is paid twice."""

import datetime

import pytest

from accounts.models import Role
from payments.models import Payment, PaymentBatch
from payments.services.bank_files import payment_batch_export, payment_batch_reconcile
from payments.services.batches import payment_batch_approve, payment_batch_generate, payment_batch_regenerate
from programs.models import Program
from tests.factories import make_user
from tests.helpers import make_beneficiary, race
from tests.payments.test_bank_files import results

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
D = datetime.date


@pytest.fixture
def people(tree):
    return {"maker": make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb-race"),
            "chairman": make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="ct-race")}


def live_lines_per_month():
    """(enrollment, month) → how many lines would pay it: must never exceed one."""
    counts = {}
    for line in Payment.objects.exclude(status__in=["cancelled", "failed"]).exclude(batch__status="cancelled"):
        key = (line.enrollment_id, line.period, line.kind)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_approve_while_regenerating(tree, people):
    for name in ("Một", "Hai"):
        make_beneficiary(tree["bac_giang"], full_name=f"Người {name}", start=D(2025, 7, 1))
    program = Program.objects.get(code="TCXH_HANG_THANG")
    batch = payment_batch_generate(by=people["maker"], program=program, period="2025-07", area=tree["bac_giang"])
    approved, regenerated = race(lambda: payment_batch_approve(by=people["chairman"], batch=batch).status,
                                 lambda: payment_batch_regenerate(by=people["maker"], batch=batch).status)
    # either the approval came first (the regeneration is refused), or it approved the regenerated lines
    assert approved == "approved" and regenerated in (409, "draft")
    batch.refresh_from_db()
    assert batch.status == "approved" and batch.lines.count() == 2
    assert set(live_lines_per_month().values()) == {1}


def test_reconcile_the_same_results_twice_in_parallel(tree, people):
    make_beneficiary(tree["bac_giang"], full_name="Người Nhận", start=D(2025, 7, 1))
    program = Program.objects.get(code="TCXH_HANG_THANG")
    batch = payment_batch_generate(by=people["maker"], program=program, period="2025-07", area=tree["bac_giang"])
    batch = payment_batch_approve(by=people["chairman"], batch=batch)
    payment_batch_export(by=people["maker"], batch=batch)
    line = batch.lines.get()
    body = results([[line.reference, "paid", "FT-1", "", "2025-07-10"]])
    first, second = race(
        lambda: payment_batch_reconcile(by=people["maker"], batch=batch, filename="kq.csv", content=body),
        lambda: payment_batch_reconcile(by=people["chairman"], batch=batch, filename="kq.csv", content=body))
    # the batch row lock orders them: one records the payment, the other finds it already recorded
    assert sorted((r.paid, r.unchanged) for r in (first, second)) == [(0, 1), (1, 0)]
    line.refresh_from_db()
    assert line.status == "paid" and line.bank_transaction_id == "FT-1"
    assert PaymentBatch.objects.get(pk=batch.pk).status == "reconciled"
    from common.models import Transition

    assert Transition.objects.filter(object_id=batch.pk, to_status="reconciled").count() == 1
    # the next month's batch does not pay July again
    august = payment_batch_generate(by=people["maker"], program=program, period="2025-08", area=tree["bac_giang"])
    assert list(august.lines.values_list("period", flat=True)) == [D(2025, 8, 1)]
