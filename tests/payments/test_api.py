import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.payments.conftest import beneficiary


def test_a_month_through_the_api(api_client_for, specialist, leader, tree):
    beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    as_specialist, as_leader = api_client_for(specialist), api_client_for(leader)
    created = as_specialist.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                              "area": "24"}, format="json")
    assert created.status_code == 201, created.json()
    batch = created.json()
    assert batch["period"] == "2025-07" and batch["line_count"] == 1 and batch["total_amount"] == 500_000
    twice = as_specialist.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                            "area": "24"}, format="json")
    assert twice.status_code == 409
    assert as_specialist.post(f"/api/v1/payment-batches/{batch['id']}/approve/").status_code == 403
    approved = as_leader.post(f"/api/v1/payment-batches/{batch['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    export = as_specialist.post(f"/api/v1/payment-batches/{batch['id']}/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    line = next(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    results = ("reference,status,bank_transaction_id,reason,paid_at\n"
               f"{line['reference']},paid,FT9,,2025-07-10\n").encode()
    reconciled = as_specialist.post(f"/api/v1/payment-batches/{batch['id']}/reconcile/",
                                    {"file": SimpleUploadedFile("kq.csv", results)}, format="multipart")
    assert reconciled.status_code == 200, reconciled.json()
    assert reconciled.json()["status"] == "reconciled" and reconciled.json()["result"]["paid"] == 1
    lines = as_specialist.get("/api/v1/payments/", {"batch": batch["id"], "period": "2025-07"}).json()
    assert lines["results"][0]["status"] == "paid" and lines["results"][0]["bank_transaction_id"] == "FT9"


def test_bad_results_file_is_400_with_the_row_report(api_client_for, specialist, leader, approved_batch):
    as_specialist = api_client_for(specialist)
    as_specialist.post(f"/api/v1/payment-batches/{approved_batch.id}/export/")
    bad = b"reference,status,bank_transaction_id,reason,paid_at\nNOPE,paid,X,,\n"
    response = as_specialist.post(f"/api/v1/payment-batches/{approved_batch.id}/reconcile/",
                                  {"file": SimpleUploadedFile("kq.csv", bad)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["rows"] == [{"row": 2, "reference": "NOPE", "message": "Không có mã giao dịch này."}]


def test_export_blocked_by_bad_accounts_lists_the_people(api_client_for, specialist, leader, tree):
    beneficiary(tree["bac_giang"], full_name="Thiếu Chủ TK", holder="")
    client = api_client_for(specialist)
    batch = client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                     "area": "24"}, format="json").json()
    api_client_for(leader).post(f"/api/v1/payment-batches/{batch['id']}/approve/")
    response = client.post(f"/api/v1/payment-batches/{batch['id']}/export/", {"format": "xlsx"})
    assert response.status_code == 400 and response.json()["code"] == "bad_accounts"
    assert response.json()["people"][0]["problems"] == ["thiếu chủ tài khoản"]


def test_commune_officer_sees_no_province_batch_and_cannot_generate(api_client_for, officer_a, approved_batch):
    client = api_client_for(officer_a)
    assert client.get(f"/api/v1/payment-batches/{approved_batch.id}/").status_code == 404
    assert client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-08",
                                                    "area": "07210"}, format="json").status_code == 403
    assert client.get("/api/v1/payments/").json()["count"] == 1  # the one line of their own commune


def test_bad_period_is_400(api_client_for, specialist):
    response = api_client_for(specialist).post("/api/v1/payment-batches/", {
        "program": "TCXH_HANG_THANG", "period": "2025-13", "area": "24"}, format="json")
    assert response.status_code == 400 and "period" in response.json()
