"""Deletes, batches, notes, rules and user changes leave a trace (pghistory events)."""

import datetime

from django.apps import apps
from pghistory.models import Events

from accounts.models import Role
from payments.services.batches import payment_batch_regenerate
from programs.models import BenefitStandard, Program
from tests.factories import make_user
from tests.helpers import make_beneficiary


def labels(model_label: str, **filters) -> list[str]:
    return list(apps.get_model(model_label).objects.filter(**filters).order_by("pgh_id")
                .values_list("pgh_label", flat=True))


def test_the_lines_a_regeneration_removes_stay_in_the_history(officer_a, tree):
    from payments.services.batches import payment_batch_generate

    make_beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh", start=datetime.date(2025, 7, 1))
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    first = batch.lines.get()
    payment_batch_regenerate(by=officer_a, batch=batch)
    events = apps.get_model("payments.PaymentEvent").objects.filter(pgh_obj_id=first.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "delete"]
    deleted = events.last()
    assert deleted.amount == first.amount and deleted.account_number == first.account_number
    assert deleted.pgh_context.metadata.get("user") == officer_a.pk  # who removed it
    assert "insert" in labels("payments.PaymentBatchEvent", pgh_obj_id=batch.pk)


def test_user_role_area_and_agency_changes_are_tracked(tree):
    user = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.audit", agency="y_te")
    user.agency = "noi_vu"
    user.save()
    user.last_login = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    user.save()  # not a tracked field: no event
    events = apps.get_model("accounts.UserEvent").objects.filter(pgh_obj_id=user.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.agency) for e in events] == [("insert", "y_te"), ("update", "noi_vu")]
    assert not hasattr(events.first(), "password")


def test_rules_and_standards_are_tracked_deletes_included(db):
    standard = BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn", amount=600_000,
                                              valid_from=datetime.date(2027, 1, 1), legal_basis="Giả định")
    standard.amount = 650_000
    standard.save()
    pk = standard.pk
    standard.delete()
    assert labels("programs.BenefitStandardEvent", pgh_obj_id=pk) == ["insert", "update", "delete"]
    assert Events.objects.filter(pgh_obj_model="programs.BenefitStandard", pgh_obj_id=pk).count() == 3
