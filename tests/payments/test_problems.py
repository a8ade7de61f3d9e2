"""A month the rules cannot answer is never paid as 0 or a guess: the batch lists it and waits for a person."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from common.exceptions import DomainError
from payments.models import BatchExclusion
from payments.services.batches import (
    payment_batch_approve,
    payment_batch_exclude,
    payment_batch_generate,
    payment_batch_regenerate,
)
from programs.models import Program
from programs.services.rules import rate_table_upload
from tests.factories import make_enrollment, make_merit_profile, make_person, make_user

D = datetime.date


@pytest.fixture
def merit_program(db):
    return Program.objects.get(code="UU_DAI_HANG_THANG")


def invalid(area, name, rate):
    person = make_person(area, full_name=name, date_of_birth=D(1950, 1, 1), payment_channel="cash")
    make_merit_profile(person, category="THUONG_BINH", injury_rate=rate, status="approved")
    return make_enrollment(person, "UU_DAI_HANG_THANG", start=D(2026, 1, 1))


@pytest.fixture
def batch_with_a_problem(tree, specialist, merit_program):
    invalid(tree["bac_giang"], "Có Mức", 61)
    missing = invalid(tree["tay_yen_tu"], "Thiếu Mức", 75)
    batch = payment_batch_generate(by=specialist, program=merit_program, period="2026-02", area=tree["bac_ninh"])
    return batch, missing


def test_the_batch_pays_the_others_and_lists_the_person_with_every_month_and_the_reason(batch_with_a_problem):
    batch, missing = batch_with_a_problem
    assert sorted((line.person.full_name, line.period, line.amount) for line in batch.lines.all()) == [
        ("Có Mức", D(2026, 1, 1), 5_450_000), ("Có Mức", D(2026, 2, 1), 5_450_000)]
    assert batch.problem_count == 1
    [entry] = batch.summary["problems"]
    assert entry["enrollment"] == missing.pk and entry["full_name"] == "Thiếu Mức"
    assert entry["months"] == ["2026-01", "2026-02"]
    assert "tỷ lệ tổn thương 75%" in entry["messages"][0]


def test_a_batch_with_problems_cannot_be_approved(batch_with_a_problem, leader):
    batch, _missing = batch_with_a_problem
    with pytest.raises(DomainError) as exc:
        payment_batch_approve(by=leader, batch=batch)
    assert exc.value.code == "problems_left" and exc.value.status == 409


def test_excluding_with_a_reason_lets_it_be_approved_and_the_table_filled_later_pays_arrears(
        batch_with_a_problem, specialist, leader, merit_program, tree):
    batch, missing = batch_with_a_problem
    with pytest.raises(ValidationError):
        payment_batch_exclude(by=specialist, batch=batch, enrollment_id=missing.pk, reason="  ")
    batch = payment_batch_exclude(by=specialist, batch=batch, enrollment_id=missing.pk,
                                  reason="Chờ Phụ lục II NĐ 77 dòng 75%")
    assert batch.problem_count == 0
    exclusion = BatchExclusion.objects.get()
    assert exclusion.excluded_by == specialist and exclusion.person_id == missing.person_id
    assert exclusion.events.count() == 1  # audited
    payment_batch_approve(by=leader, batch=batch)

    admin = make_user(Role.ADMIN, None, username="quantri")
    rows = "injury_rate,amount\n" + "".join(f"{r},{6_600_000 + (r - 74) * 90_000}\n" for r in range(74, 81))
    rate_table_upload(by=admin, content=rows.encode(), valid_from=D(2024, 7, 1), legal_basis="NĐ 77/2024",
                      mode="fill")
    march = payment_batch_generate(by=specialist, program=merit_program, period="2026-03", area=tree["bac_ninh"])
    assert march.problem_count == 0
    assert sorted((line.period, line.kind, line.amount) for line in march.lines.filter(enrollment=missing)) == [
        (D(2026, 1, 1), "arrears", 6_690_000), (D(2026, 2, 1), "arrears", 6_690_000),
        (D(2026, 3, 1), "regular", 6_690_000)]


def test_regenerating_keeps_the_exclusion_and_the_count(batch_with_a_problem, specialist):
    batch, missing = batch_with_a_problem
    payment_batch_exclude(by=specialist, batch=batch, enrollment_id=missing.pk, reason="Chờ bảng")
    batch = payment_batch_regenerate(by=specialist, batch=batch)
    assert batch.problem_count == 0 and batch.exclusions.count() == 1
    assert not batch.lines.filter(enrollment=missing).exists()


def test_only_a_person_with_a_problem_can_be_excluded_and_only_once(batch_with_a_problem, specialist):
    batch, missing = batch_with_a_problem
    fine = batch.lines.first().enrollment_id
    with pytest.raises(ValidationError):
        payment_batch_exclude(by=specialist, batch=batch, enrollment_id=fine, reason="x")
    payment_batch_exclude(by=specialist, batch=batch, enrollment_id=missing.pk, reason="x")
    with pytest.raises(DomainError):
        payment_batch_exclude(by=specialist, batch=batch, enrollment_id=missing.pk, reason="x")


def test_a_commune_officer_cannot_exclude(batch_with_a_problem, officer_b):
    batch, missing = batch_with_a_problem
    with pytest.raises(PermissionDenied):
        payment_batch_exclude(by=officer_b, batch=batch, enrollment_id=missing.pk, reason="x")


def test_api_amount_batch_problems_and_exclusion(api_client_for, batch_with_a_problem, specialist, officer_b,
                                                 leader):
    batch, missing = batch_with_a_problem
    client = api_client_for(specialist)
    amount = client.get(f"/api/v1/enrollments/{missing.pk}/amount/", {"period": "2026-02"}).json()
    assert amount["amount"] is None and amount["computed"] == 0
    assert amount["problems"][0]["code"] == "no_rule" and "75%" in amount["problems"][0]["message"]
    body = client.get(f"/api/v1/payment-batches/{batch.pk}/").json()
    assert body["problems"] == 1 and body["summary"]["problems"][0]["full_name"] == "Thiếu Mức"
    refused = api_client_for(leader).post(f"/api/v1/payment-batches/{batch.pk}/approve/")
    assert refused.status_code == 409 and refused.json()["code"] == "problems_left"
    assert api_client_for(officer_b).post(f"/api/v1/payment-batches/{batch.pk}/exclude/",
                                          {"enrollment": missing.pk, "reason": "x"}, format="json"
                                          ).status_code in (403, 404)
    done = client.post(f"/api/v1/payment-batches/{batch.pk}/exclude/",
                       {"enrollment": missing.pk, "reason": "Chờ bảng"}, format="json").json()
    assert done["problems"] == 0 and done["exclusions"][0]["reason"] == "Chờ bảng"
    assert api_client_for(leader).post(f"/api/v1/payment-batches/{batch.pk}/approve/").status_code == 200


def test_api_amount_names_every_rule_paid(api_client_for, specialist, tree):
    person = make_person(tree["bac_giang"], date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="THUONG_BINH", injury_rate=61, status="approved")
    make_merit_profile(person, category="BENH_BINH", injury_rate=61, status="approved")
    enrollment = make_enrollment(person, "UU_DAI_HANG_THANG")
    body = api_client_for(specialist).get(f"/api/v1/enrollments/{enrollment.pk}/amount/",
                                          {"period": "2026-01"}).json()
    assert body["amount"] == 5_450_000 + 4_622_000 and body["problems"] == [] and body["notes"] == []
    assert sorted(r["code"] for r in body["paid_rules"]) == ["BB_61_70", "TB_61"]


def test_batch_page_lists_problems_with_the_exclude_form(client, batch_with_a_problem, specialist):
    batch, missing = batch_with_a_problem
    client.force_login(specialist)
    page = client.get(f"/chi-tra/{batch.pk}/").content.decode()
    assert "Chưa xác định được mức hưởng" in page and "Thiếu Mức" in page and "Loại khỏi bảng" in page
    assert "01/2026, 02/2026" in page
    response = client.post(f"/chi-tra/{batch.pk}/loai-khoi-bang/", {"enrollment": missing.pk, "reason": "Chờ bảng"})
    assert response.status_code == 302
    assert "Đã loại khỏi bảng" in client.get(f"/chi-tra/{batch.pk}/").content.decode()
