"""check_integrity: clean on the demo data; each kind of damage is found and the command fails."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from payments.models import Payment, PaymentBatch


def test_the_demo_is_clean_and_damage_is_found(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    capsys.readouterr()
    call_command("check_integrity")
    assert "không có vấn đề" in capsys.readouterr().out
    batch = PaymentBatch.objects.filter(line_count__gt=0).first()
    PaymentBatch.objects.filter(pk=batch.pk).update(total_amount=batch.total_amount + 1)
    Payment.objects.filter(pk=Payment.objects.filter(status="paid").first().pk).update(bank_transaction_id="")
    with pytest.raises(CommandError, match="2 vấn đề"):
        call_command("check_integrity")
    out = capsys.readouterr().out
    assert "batch_totals" in out and str(batch.pk) in out and "paid_without_transaction" in out
