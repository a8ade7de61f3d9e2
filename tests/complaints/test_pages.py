import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint

D = datetime.date
pytestmark = pytest.mark.django_db


def test_intake_from_a_payment_line_then_work_it_through_the_pages(client, officer_a, chairman_a, failed_twice):
    client.force_login(officer_a)
    page = client.get("/don-thu/tiep-nhan/", {"payment": failed_twice.id})
    assert page.status_code == 200 and failed_twice.reference in page.content.decode()
    response = client.post(f"/don-thu/tiep-nhan/?payment={failed_twice.id}", {
        "kind": "complaint", "channel": "in_person", "received_on": "05/11/2026", "area": failed_twice.person.area_id,
        "complainant_is_subject": "on", "content": "Chưa nhận tiền tháng 7/2025",
        "letter": SimpleUploadedFile("don.pdf", b"%PDF-1.4 x")})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response.url == f"/don-thu/{complaint.pk}/"
    assert complaint.complainant == failed_twice.person and complaint.payment == failed_twice
    assert complaint.attachments.get().kind == "letter"
    detail = client.get(f"/don-thu/{complaint.pk}/").content.decode()
    assert "Lịch sử chi trả của tháng bị khiếu nại" in detail and "Tài khoản bị khoá" in detail
    assert "đang chờ quyết định" in detail
    assert 'name="retry_payment"' not in detail  # not the commune's decision

    client.force_login(chairman_a)
    assert client.post(f"/don-thu/{complaint.pk}/assign/", {"assignee": chairman_a.pk}).status_code == 302
    client.post(f"/don-thu/{complaint.pk}/start/")
    detail = client.get(f"/don-thu/{complaint.pk}/").content.decode()
    assert "chưa thụ lý" in detail and "Thụ lý đơn" in detail and 'name="resolution"' not in detail
    client.post(f"/don-thu/{complaint.pk}/accept/", {"accepted_on": "10/11/2026"})
    detail = client.get(f"/don-thu/{complaint.pk}/").content.decode()
    assert "ngày 10/11/2026 (hạn 16/11/2026)" in detail and "10/12/2026" in detail  # 30 days from acceptance
    assert 'name="retry_payment"' in detail  # the Sở decides
    client.post(f"/don-thu/{complaint.pk}/note/", {"text": "Ngân hàng xác nhận tài khoản đã mở khoá."})
    done = client.post(f"/don-thu/{complaint.pk}/resolve/", {"resolution": "Cho chi lại tháng 7/2025",
                                                             "retry_payment": "on"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "resolved"
    timeline = client.get(f"/don-thu/{complaint.pk}/").content.decode()
    assert "Ngân hàng xác nhận" in timeline and "Cho chi lại" in timeline


def test_intake_errors_stay_on_the_form(client, officer_a, tree):
    client.force_login(officer_a)
    response = client.post("/don-thu/tiep-nhan/", {"kind": "complaint", "channel": "phone",
                                                   "received_on": "05/11/2026", "area": tree["bac_giang"].pk,
                                                   "content": "x", "complainant_phone": "123"})
    body = response.content.decode()
    assert response.status_code == 200 and "Cần ghi họ tên người gửi đơn" in body and "10 chữ số" in body
    assert not Complaint.objects.exists()


def test_list_filters_overdue_flag_and_scope(client, officer_a, officer_b, chairman_a, tree, received):
    from complaints.services import complaint_receive

    old = complaint_receive(by=officer_a, kind="request", channel="online", received_on=D(2026, 9, 1),
                            area=tree["bac_giang"], content="Kiến nghị cũ", complainant_name="Đỗ Văn C")
    from complaints.services import complaint_accept

    complaint_accept(by=chairman_a, complaint=received, accepted_on=D(2026, 11, 10))
    client.force_login(chairman_a)
    body = client.get("/don-thu/").content.decode()
    assert received.code in body and old.code in body and "1 đơn đã quá hạn" in body
    overdue = client.get("/don-thu/", {"overdue": "1"}).content.decode()
    assert old.code in overdue and received.code not in overdue
    assert received.code not in client.get("/don-thu/", {"kind": "request"}).content.decode()
    by_name = client.get("/don-thu/", {"q": "do van"}).content.decode()
    assert old.code in by_name and received.code not in by_name
    export = client.get("/don-thu/", {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(officer_b)
    assert received.code not in client.get("/don-thu/").content.decode()
    assert client.get(f"/don-thu/{received.pk}/").status_code == 404
    assert client.post(f"/don-thu/{received.pk}/note/", {"text": "x"}).status_code == 404


def test_dashboard_flags_overdue_complaints(client, officer_a, tree):
    from complaints.services import complaint_receive

    client.force_login(officer_a)
    assert "quá hạn giải quyết" not in client.get("/").content.decode()
    complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 9, 1),
                      area=tree["bac_giang"], content="x", complainant_name="A")
    assert "1 đơn khiếu nại, tố cáo, kiến nghị quá hạn giải quyết" in client.get("/").content.decode()


def test_report_page_and_downloads(client, chairman_a, received):
    client.force_login(chairman_a)
    page = client.get("/don-thu/bao-cao/", {"month": "2026-11"}).content.decode()
    assert "Phường Bắc Giang" in page and "Khiếu nại" in page
    assert client.get("/don-thu/bao-cao/", {"month": "2026-11", "format": "pdf"}).content.startswith(b"%PDF")
    assert client.get("/don-thu/bao-cao/", {"month": "2026-11", "format": "xlsx"}).status_code == 200
    assert "Không có đơn nào" in client.get("/don-thu/bao-cao/", {"month": "2025-01"}).content.decode()
