"""A payout account changes only when a second person confirms it; batches pay the last confirmed account."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.models import Role
from beneficiaries.models import AccountChange
from beneficiaries.services.accounts import account_change_confirm, account_change_reject, account_verify
from beneficiaries.services.persons import person_update
from common.exceptions import DomainError
from payments.services.batches import payment_batch_generate
from programs.models import Program
from tests.factories import make_user
from tests.helpers import make_beneficiary

NEW = {"payment_channel": "bank", "bank_code": "BIDV", "account_number": "9999888877", "account_holder": "MOI"}


@pytest.fixture
def enrolled(tree):
    return make_beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh", start=datetime.date(2025, 7, 1)).person


def test_an_officer_alone_cannot_redirect_a_payment(enrolled, officer_a, chairman_a, tree):
    person_update(by=officer_a, person=enrolled, account_change_reason="Đổi ngân hàng", **NEW)
    enrolled.refresh_from_db()
    assert enrolled.account_number == "0123456789"  # still the confirmed account
    change = AccountChange.objects.get()
    assert change.status == "pending" and change.new["account_number"] == "9999888877"
    assert change.old["account_number"] == "0123456789" and change.reason == "Đổi ngân hàng"
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    assert set(batch.lines.values_list("account_number", flat=True)) == {"0123456789"}
    assert batch.summary["unverified_accounts"] == 1
    with pytest.raises(DomainError) as exc:  # one pending change at a time
        person_update(by=officer_a, person=enrolled, account_number="1111222233")
    assert exc.value.status == 409
    with pytest.raises(PermissionDenied):  # an officer is not the second person
        account_change_confirm(by=make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb2"), change=change)
    with pytest.raises(PermissionDenied):  # another commune's chairman
        account_change_confirm(by=make_user(Role.COMMUNE_LEADER, tree["tay_yen_tu"], username="ct2"), change=change)
    account_change_confirm(by=chairman_a, change=change)
    enrolled.refresh_from_db()
    assert (enrolled.bank_code, enrolled.account_number, enrolled.account_verification) == \
        ("BIDV", "9999888877", "unverified")
    with pytest.raises(DomainError):
        account_change_confirm(by=chairman_a, change=change)  # decided already


def test_the_one_who_asked_never_confirms_and_a_rejection_needs_a_reason(enrolled, chairman_a, tree):
    y_te = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.yte", agency="y_te")
    noi_vu = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.nv", agency="noi_vu")
    person_update(by=y_te, person=enrolled, **NEW)
    change = AccountChange.objects.get()
    with pytest.raises(PermissionDenied):
        account_change_confirm(by=y_te, change=change)
    with pytest.raises(PermissionDenied):  # a department that owns none of the person's programs
        account_change_reject(by=noi_vu, change=change, reason="x")
    with pytest.raises(ValidationError):
        account_change_reject(by=chairman_a, change=change, reason=" ")
    assert account_change_reject(by=chairman_a, change=change, reason="Không khớp CCCD").status == "rejected"
    with pytest.raises(IntegrityError):
        AccountChange.objects.filter(pk=change.pk).update(decided_by=y_te)


def test_verification_and_the_api(api_client_for, enrolled, officer_a, chairman_a):
    officer, chairman = api_client_for(officer_a), api_client_for(chairman_a)
    assert officer.patch(f"/api/v1/persons/{enrolled.pk}/", {**NEW, "account_change_reason": "Mất thẻ"},
                         format="json").json()["account_number"] == "0123456789"
    listed = officer.get(f"/api/v1/persons/{enrolled.pk}/account-changes/").json()
    assert listed[0]["status"] == "pending" and listed[0]["new"]["account_number"] == "9999888877"
    cid = listed[0]["id"]
    assert officer.post(f"/api/v1/account-changes/{cid}/confirm/").status_code == 403
    assert chairman.post(f"/api/v1/account-changes/{cid}/reject/", {"reason": ""}, format="json").status_code == 400
    assert chairman.post(f"/api/v1/account-changes/{cid}/confirm/").json()["status"] == "confirmed"
    assert officer.post(f"/api/v1/persons/{enrolled.pk}/verify-account/", {"result": "verified"},
                        format="json").status_code == 403
    verified = chairman.post(f"/api/v1/persons/{enrolled.pk}/verify-account/", {"result": "verified"},
                             format="json")
    assert verified.status_code == 200
    enrolled.refresh_from_db()
    assert enrolled.account_verification == "verified" and enrolled.account_verified_by == chairman_a
    with pytest.raises(ValidationError):
        account_verify(by=chairman_a, person=enrolled, result="maybe")


def test_a_new_person_s_account_needs_no_second_person_and_starts_unverified(enrolled):
    assert enrolled.account_number == "0123456789" and enrolled.account_verification == "unverified"
    assert not AccountChange.objects.exists()
