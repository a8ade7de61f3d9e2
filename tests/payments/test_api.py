import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from tests.factories import make_user
from tests.helpers import make_beneficiary


def test_a_month_through_the_api(api_client_for, officer_a, chairman_a, tree):
    make_beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    as_specialist, as_leader = api_client_for(officer_a), api_client_for(chairman_a)
    created = as_specialist.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                              "area": "07210"}, format="json")
    assert created.status_code == 201, created.json()
    batch = created.json()
    assert batch["period"] == "2025-07" and batch["line_count"] == 1 and batch["total_amount"] == 500_000
    twice = as_specialist.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                            "area": "07210"}, format="json")
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


def test_bad_results_file_is_400_with_the_row_report(api_client_for, officer_a, chairman_a, approved_batch):
    as_specialist = api_client_for(officer_a)
    as_specialist.post(f"/api/v1/payment-batches/{approved_batch.id}/export/")
    bad = b"reference,status,bank_transaction_id,reason,paid_at\nNOPE,paid,X,,\n"
    response = as_specialist.post(f"/api/v1/payment-batches/{approved_batch.id}/reconcile/",
                                  {"file": SimpleUploadedFile("kq.csv", bad)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["rows"] == [{"row": 2, "reference": "NOPE", "message": "Không có mã giao dịch này."}]


def test_export_blocked_by_bad_accounts_lists_the_people(api_client_for, officer_a, chairman_a, tree):
    make_beneficiary(tree["bac_giang"], full_name="Thiếu Chủ TK", holder="")
    client = api_client_for(officer_a)
    batch = client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-07",
                                                     "area": "07210"}, format="json").json()
    api_client_for(chairman_a).post(f"/api/v1/payment-batches/{batch['id']}/approve/")
    response = client.post(f"/api/v1/payment-batches/{batch['id']}/export/", {"format": "xlsx"})
    assert response.status_code == 400 and response.json()["code"] == "bad_accounts"
    assert response.json()["people"][0]["problems"] == ["thiếu chủ tài khoản"]


def test_another_commune_sees_nothing_and_may_not_generate_here(api_client_for, officer_b, chairman_b,
                                                                approved_batch):
    client = api_client_for(officer_b)
    assert client.get(f"/api/v1/payment-batches/{approved_batch.id}/").status_code == 404
    assert client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-08",
                                                    "area": "07210"}, format="json").status_code == 403
    assert client.get("/api/v1/payments/").json()["count"] == 0
    assert api_client_for(chairman_b).post(f"/api/v1/payment-batches/{approved_batch.id}/approve/").status_code == 404


def test_the_sor_no_longer_makes_social_assistance_batches(api_client_for, tree):
    """Since 1 July 2025 the commune pays social assistance: the Sở Y tế reads it, the province batch is 400."""
    y_te = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.yte", agency="y_te")
    client = api_client_for(y_te)
    province = client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-08",
                                                        "area": "24"}, format="json")
    assert province.status_code == 400 and province.json()["code"] == "commune_batch_only"
    commune = client.post("/api/v1/payment-batches/", {"program": "TCXH_HANG_THANG", "period": "2025-08",
                                                       "area": "07210"}, format="json")
    assert commune.status_code == 403 and "Phường Bắc Giang" in commune.json()["detail"]


def test_bad_period_is_400(api_client_for, officer_a):
    response = api_client_for(officer_a).post("/api/v1/payment-batches/", {
        "program": "TCXH_HANG_THANG", "period": "2025-13", "area": "07210"}, format="json")
    assert response.status_code == 400 and "period" in response.json()


def test_export_format_xlsx_in_the_query_is_the_bank_file(api_client_for, officer_a, approved_batch):
    client = api_client_for(officer_a)
    xlsx = client.post(f"/api/v1/payment-batches/{approved_batch.id}/export/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    cash = client.post(f"/api/v1/payment-batches/{approved_batch.id}/export/?format=csv&channel=cash")
    assert cash.status_code == 200 and "Lê Văn Cường" in cash.content.decode("utf-8-sig")
