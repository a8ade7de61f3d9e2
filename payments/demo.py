"""Run the current month's demo batches through the services: generate, approve, export, bank results."""

import csv
import io

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.models import Area
from payments.models import PaymentBatch
from payments.services import bank_files, batches
from programs.models import Program


@transaction.atomic
def seed_payments(*, specialist: User, leader: User, province_code: str = "24") -> int:
    if PaymentBatch.objects.exists():
        return 0
    province = Area.objects.get(code=province_code)
    period = timezone.localdate().replace(day=1)
    lines = 0
    for code in ("TCXH_HANG_THANG", "UU_DAI_HANG_THANG"):
        batch = batches.payment_batch_generate(by=specialist, program=Program.objects.get(code=code), period=period,
                                               area=province)
        if not batch.line_count:
            continue
        batch = batches.payment_batch_approve(by=leader, batch=batch)
        bank_files.payment_batch_export(by=specialist, batch=batch)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(bank_files.RESULT_COLUMNS)
        for number, line in enumerate(batch.lines.order_by("id")):
            if number % 25 == 24:  # a few accounts the bank rejects
                writer.writerow([line.reference, "failed", "", "Tài khoản không tồn tại", period.isoformat()])
            else:
                writer.writerow([line.reference, "paid", f"FT{line.pk:08d}", "", timezone.localdate().isoformat()])
        bank_files.payment_batch_reconcile(by=specialist, batch=batch, filename="ket_qua.csv",
                                           content=out.getvalue().encode())
        lines += batch.line_count
    return lines
