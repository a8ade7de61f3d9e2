"""generate_synthetic fills a province with records in every state, the same for the same seed."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from django.utils import timezone

from beneficiaries.models import Household, Person, ProtectionProfile
from payments.models import Payment, PaymentBatch


def snapshot():
    return list(Person.objects.order_by("national_id", "full_name").values_list("full_name", "date_of_birth", "sex",
                                                                            "national_id", "area__code"))


@pytest.mark.django_db
def test_a_small_province_with_every_kind_of_record(tree, settings, capsys):
    settings.DEBUG = True
    call_command("generate_synthetic", "--persons", "600", "--province", "24", "--months", "1", "--seed", "5")
    assert Person.objects.count() == 600 and Household.objects.count() == 200
    assert all(h.head_id for h in Household.objects.all())
    assert {"approved", "submitted", "draft"} <= set(ProtectionProfile.objects.values_list("status", flat=True))
    assert Payment.objects.filter(status="paid").exists()
    first = snapshot()
    with pytest.raises(CommandError):  # once per database
        call_command("generate_synthetic", "--persons", "600", "--province", "24")
    settings.DEBUG = False
    with pytest.raises(CommandError):  # never without DEBUG (or --force)
        call_command("generate_synthetic", "--persons", "10", "--province", "01")
    assert first == snapshot()


@pytest.mark.django_db
def test_later_months_are_copies_of_the_first_paid_on_the_tenth(tree, settings):
    settings.DEBUG = True
    call_command("generate_synthetic", "--persons", "600", "--province", "24", "--months", "3", "--seed", "5")
    per_month = list(Payment.objects.values("period").annotate(n=Count("pk"), total=Sum("amount"))
                     .order_by("period").values_list("period", "n", "total"))
    assert len(per_month) == 3 and len({(n, total) for _, n, total in per_month}) == 1
    today = timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    assert per_month[-1][0] == last.replace(day=1)
    assert not Payment.objects.exclude(status="paid").exists()
    assert Payment.objects.values("reference").distinct().count() == Payment.objects.count()
    assert all(p.paid_at.date() == p.period + datetime.timedelta(days=9) for p in Payment.objects.all()[:50])
    batches = PaymentBatch.objects.values("period").annotate(lines=Sum("line_count")).order_by("period")
    assert [b["lines"] for b in batches] == [n for _, n, _ in per_month]
