"""generate_synthetic fills a province with records in every state, the same for the same seed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beneficiaries.models import Household, Person, ProtectionProfile
from payments.models import Payment


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
