"""Run the current month's demo batches through the services: generate, approve, export, bank results.

Who does each step comes from the decision table, as for a real user: a commune's officer and chairman for the
programs the communes pay (one batch per commune), the owning Sở's specialist and leader for the others.
"""

import csv
import io

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.models import Area
from payments.models import PaymentBatch
from payments.services import bank_files, batches
from programs.authority import BatchStep, decision_rule, may_handle_batch
from programs.models import DecisionLevel, Program


def _actors(staff: list[User], rule, area: Area) -> tuple[User | None, User | None]:
    makers = [u for u in staff if may_handle_batch(u, rule, area, BatchStep.PREPARE)]
    maker = next((u for u in makers if not may_handle_batch(u, rule, area, BatchStep.APPROVE)), None) \
        or next(iter(makers), None)
    checker = next((u for u in staff if u != maker and may_handle_batch(u, rule, area, BatchStep.APPROVE)), None)
    return maker, checker


@transaction.atomic
def seed_payments(*, staff: list[User], communes: list[str], province_code: str = "24") -> tuple[int, int]:
    """Return (lines, batches) paid this month."""
    if PaymentBatch.objects.exists():
        return 0, 0
    period = timezone.localdate().replace(day=1)
    lines = count = 0
    for code in ("TCXH_HANG_THANG", "UU_DAI_HANG_THANG"):
        program = Program.objects.get(code=code)
        rule = decision_rule("payment_batch", program)
        areas = (Area.objects.filter(code__in=communes) if rule.level == DecisionLevel.COMMUNE
                 else Area.objects.filter(code=province_code))
        for area in areas.order_by("code"):
            maker, checker = _actors(staff, rule, area)
            if maker is None or checker is None:
                continue
            batch = batches.payment_batch_generate(by=maker, program=program, period=period, area=area)
            if not batch.line_count:
                continue
            batch = batches.payment_batch_approve(by=checker, batch=batch)
            bank_files.payment_batch_export(by=maker, batch=batch)
            bank_files.payment_batch_reconcile(by=maker, batch=batch, filename="ket_qua.csv",
                                               content=_bank_results(batch, period))
            lines, count = lines + batch.line_count, count + 1
    return lines, count


def _bank_results(batch: PaymentBatch, period) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(bank_files.RESULT_COLUMNS)
    for number, line in enumerate(batch.lines.order_by("id")):
        if number % 25 == 24:  # a few accounts the bank rejects
            writer.writerow([line.reference, "failed", "", "Tài khoản không tồn tại", period.isoformat()])
        else:
            writer.writerow([line.reference, "paid", f"FT{line.pk:08d}", "", timezone.localdate().isoformat()])
    return out.getvalue().encode()
