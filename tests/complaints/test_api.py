import datetime
import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from tests.factories import make_user

D = datetime.date
pytestmark = pytest.mark.django_db


def test_receive_assign_work_and_resolve_through_the_api(api_client_for, officer_a, chairman_a, person_a):
    commune, so = api_client_for(officer_a), api_client_for(chairman_a)
    created = commune.post("/api/v1/complaints/", {
        "kind": "complaint", "channel": "phone", "received_on": "2026-11-05", "area": "07210",
        "content": "Mức trợ cấp tháng 10 thấp hơn quyết định.", "complainant": person_a.id, "person": person_a.id},
        format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    # acceptance is due within 10 days of receipt: Sunday 15/11 → Monday
    assert body["status"] == "received" and body["due_on"] == body["accept_due_on"] == "2026-11-16"
    assert body["accepted_on"] is None and body["is_overdue"] is True  # today is 25/11
    assert body["complainant_name"] == "Nguyễn Văn Ánh" and body["code"].startswith("KN2026-")
    cid = body["id"]
    assert commune.post(f"/api/v1/complaints/{cid}/assign/", {"assignee": "canbo.a"}, format="json")\
        .status_code == 403
    assigned = so.post(f"/api/v1/complaints/{cid}/assign/", {"assignee": "canbo.a", "note": "Xác minh tại xã"},
                       format="json")
    assert assigned.status_code == 200 and assigned.json()["assignee"] == "canbo.a"
    assert commune.post(f"/api/v1/complaints/{cid}/start/").json()["status"] == "in_progress"
    early = commune.post(f"/api/v1/complaints/{cid}/resolve/", {"resolution": "x"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "not_accepted"
    accepted = commune.post(f"/api/v1/complaints/{cid}/accept/", {"accepted_on": "2026-11-06",
                                                                 "complexity": "complicated"}, format="json").json()
    assert accepted["accepted_on"] == "2026-11-06" and accepted["due_on"] == "2026-12-21"  # 45 days: Sunday → Monday
    assert accepted["complexity"] == "complicated" and "Điều 28" in accepted["deadline_basis"]
    assert not accepted["is_overdue"]
    note = commune.post(f"/api/v1/complaints/{cid}/notes/", {"text": "Đã đối chiếu bảng chi trả."}, format="json")
    assert note.status_code == 201 and note.json()[0]["by"] == "canbo.a"
    bad = commune.post(f"/api/v1/complaints/{cid}/resolve/", {"resolution": ""}, format="json")
    assert bad.status_code == 400 and "resolution" in bad.json()
    done = commune.post(f"/api/v1/complaints/{cid}/resolve/", {"resolution": "Mức đúng theo hệ số 1,5.",
                                                                "decision_no": "7/TB-UBND"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert commune.post(f"/api/v1/complaints/{cid}/start/").status_code == 409
    log = so.get(f"/api/v1/complaints/{cid}/transitions/").json()
    assert [t["to_status"] for t in log] == ["assigned", "in_progress", "resolved"]
    assert so.get(f"/api/v1/complaints/{cid}/payment-history/").status_code == 404  # not about a payment


def test_scope_filters_and_masking(api_client_for, officer_b, chairman_a, tree, received):
    assert api_client_for(officer_b).get(f"/api/v1/complaints/{received.id}/").status_code == 404
    assert api_client_for(officer_b).get("/api/v1/complaints/").json()["count"] == 0
    refused = api_client_for(officer_b).post("/api/v1/complaints/", {
        "kind": "complaint", "channel": "phone", "received_on": "2026-11-05", "area": "07210", "content": "x",
        "complainant_name": "A"}, format="json")
    assert refused.status_code == 403
    so = api_client_for(chairman_a)
    assert so.get("/api/v1/complaints/", {"area": "07210", "status": "received", "kind": "complaint"})\
        .json()["count"] == 1
    assert so.get("/api/v1/complaints/", {"area": "07616"}).json()["count"] == 0
    # received 2/11 and not accepted within 10 days: overdue on 25/11
    assert so.get("/api/v1/complaints/", {"overdue": "true"}).json()["count"] == 1
    so.post(f"/api/v1/complaints/{received.id}/accept/", {"accepted_on": "2026-11-12"}, format="json")
    assert so.get("/api/v1/complaints/", {"overdue": "true"}).json()["count"] == 0
    assert so.get("/api/v1/complaints/", {"q": "nguyen van anh"}).json()["count"] == 1
    assert so.get("/api/v1/complaints/", {"q": received.code}).json()["count"] == 1
    assert so.get("/api/v1/complaints/", {"q": "tran"}).json()["count"] == 0
    assert so.get("/api/v1/complaints/", {"received_from": "2026-11-03"}).json()["count"] == 0
    assert so.get("/api/v1/complaints/", {"received_to": "2026-11-02"}).json()["count"] == 1
    viewer = make_user(Role.VIEWER, tree["bac_ninh"], username="thongke")
    seen = api_client_for(viewer).get(f"/api/v1/complaints/{received.id}/").json()
    assert seen["complainant_id_number"] != received.complainant_id_number and "*" in seen["complainant_id_number"]
    assert api_client_for(viewer).post(f"/api/v1/complaints/{received.id}/notes/", {"text": "x"}, format="json")\
        .status_code == 403


def test_a_payment_complaint_shows_the_month_history_and_retries(api_client_for, officer_a, chairman_a,
                                                                 failed_twice):
    commune, so = api_client_for(officer_a), api_client_for(chairman_a)
    cid = commune.post("/api/v1/complaints/", {
        "kind": "complaint", "channel": "in_person", "received_on": "2026-11-05", "area": "07210",
        "content": "Chưa nhận tiền tháng 7/2025", "complainant_name": "Lê Thị Hoa", "payment": failed_twice.id},
        format="json").json()["id"]
    routed = so.get(f"/api/v1/complaints/{cid}/").json()
    assert (routed["level"], routed["agency"]) == ("commune", "y_te")  # the commune pays social assistance
    history = so.get(f"/api/v1/complaints/{cid}/payment-history/").json()
    assert [(line["kind"], line["status"], line["failure_reason"]) for line in history["lines"]] == [
        ("regular", "failed", "Sai số tài khoản"), ("retry", "failed", "Tài khoản bị khoá")]
    assert history["waiting_for_decision"] is True and history["retry_allowances"] == []
    so.post(f"/api/v1/complaints/{cid}/assign/", {"assignee": "chutich.a"}, format="json")
    so.post(f"/api/v1/complaints/{cid}/start/")
    so.post(f"/api/v1/complaints/{cid}/accept/", {}, format="json")
    resolved = so.post(f"/api/v1/complaints/{cid}/resolve/", {"resolution": "Chi lại", "retry_payment": True},
                       format="json")
    assert resolved.status_code == 200, resolved.json()
    history = so.get(f"/api/v1/complaints/{cid}/payment-history/").json()
    assert history["waiting_for_decision"] is False and history["retry_allowances"][0]["granted_by"] == "chutich.a"


def test_attachments_upload_and_refuse_bad_files(api_client_for, officer_a, received):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client_for(officer_a)
    ok = client.post(f"/api/v1/complaints/{received.id}/attachments/", {
        "kind": "letter", "title": "Đơn viết tay", "file": SimpleUploadedFile("don.pdf", b"%PDF-1.4 x")},
        format="multipart")
    assert ok.status_code == 201 and ok.json()[0]["title"] == "Đơn viết tay"
    bad = client.post(f"/api/v1/complaints/{received.id}/attachments/", {
        "kind": "letter", "file": SimpleUploadedFile("virus.exe", b"MZ")}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()


def test_monthly_report_downloads(api_client_for, chairman_a, received):
    client = api_client_for(chairman_a)
    xlsx = client.get("/api/v1/complaints/report/", {"month": "2026-11"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # received 2/11, not accepted by the end of November (acceptance was due 12/11): overdue at the month's end
    assert rows[1] == ("Phường Bắc Giang", "Khiếu nại", 1, 0, 0, 1) and rows[-1][0] == "Tổng cộng"
    pdf = client.get("/api/v1/complaints/report/", {"month": "2026-11", "output": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/api/v1/complaints/report/", {"month": "11/2026"}).status_code == 400
    assert client.get("/api/v1/complaints/report/", {"output": "doc"}).status_code == 400


def test_accept_and_extend_a_denunciation_through_the_api(api_client_for, officer_a, chairman_a, leader):
    commune, so = api_client_for(officer_a), api_client_for(chairman_a)
    cid = commune.post("/api/v1/complaints/", {
        "kind": "denunciation", "channel": "letter", "received_on": "2026-09-01", "area": "07210",
        "content": "Tố cáo cán bộ thu tiền khi lập hồ sơ.", "complainant_name": "Không rõ"}, format="json").json()["id"]
    assert commune.post(f"/api/v1/complaints/{cid}/accept/", {}, format="json").status_code == 403  # not assigned
    accepted = so.post(f"/api/v1/complaints/{cid}/accept/", {"accepted_on": "2026-09-04",
                                                             "complexity": "especially"}, format="json").json()
    assert accepted["due_on"] == "2026-10-05"
    assert so.post(f"/api/v1/complaints/{cid}/extend/", {"reason": ""}, format="json").status_code == 400
    assert commune.post(f"/api/v1/complaints/{cid}/extend/", {"reason": "x"}, format="json").status_code == 403
    refused = api_client_for(leader).post(f"/api/v1/complaints/{cid}/extend/", {"reason": "x"}, format="json")
    assert refused.status_code == 403 and "Chủ tịch UBND Phường Bắc Giang" in refused.json()["detail"]
    extended = so.post(f"/api/v1/complaints/{cid}/extend/", {"reason": "Xác minh tại 3 xã"}, format="json").json()
    assert extended["due_on"] == "2026-11-04" and extended["extensions"][0]["reason"] == "Xác minh tại 3 xã"
    assert extended["extensions"][0]["by"] == "chutich.a"


def test_complaints_recorded_before_acceptance_existed_count_as_accepted_on_receipt(officer_a, tree):
    """The data migration: open complaints keep their deadline from receipt, now read as from acceptance."""
    import importlib

    from django.apps import apps

    from complaints.models import Complaint
    from complaints.services import complaint_receive

    migration = importlib.import_module("complaints.migrations.0005_seed_deadlines_from_acceptance")
    old = complaint_receive(by=officer_a, kind="complaint", channel="letter", received_on=D(2026, 10, 1),
                            area=tree["bac_giang"], content="x", complainant_name="A")
    Complaint.objects.filter(pk=old.pk).update(accepted_on=None, accept_due_on=None, due_on=D(2026, 10, 31))
    migration.load(apps, None)
    old.refresh_from_db()
    assert (old.accepted_on, old.accept_due_on, old.due_on) == (D(2026, 10, 1), D(2026, 10, 12), D(2026, 10, 31))
    assert not old.needs_acceptance


def test_attachments_download_through_the_api_in_scope_and_not_for_the_viewer(api_client_for, officer_a, officer_b,
                                                                               received, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client_for(officer_a)
    listed = client.post(f"/api/v1/complaints/{received.id}/attachments/", {
        "kind": "letter", "file": SimpleUploadedFile("don.pdf", b"%PDF-1.4 letter")}, format="multipart").json()
    url = listed[0]["file"]
    assert f"/api/v1/complaints/{received.id}/attachments/{listed[0]['id']}/" in url
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 letter"
    assert got["Content-Disposition"].startswith("attachment;")
    assert api_client_for(officer_b).get(url).status_code == 404
    viewer = make_user(Role.VIEWER, tree["bac_ninh"], username="thongke.kn")
    assert api_client_for(viewer).get(url).status_code == 403
