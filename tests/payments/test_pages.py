import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from payments.models import PaymentBatch
from payments.services import batches
from tests.helpers import make_beneficiary


def generate(client, run_jobs, period="2025-07"):
    """Ask for a batch through the page: it is generated as a background job; return the job page."""
    with run_jobs(execute=True):
        response = client.post("/chi-tra/lap-bang/", {"program": "TCXH_HANG_THANG", "period": period, "area": "07210"})
    assert response.status_code == 302 and response.url.startswith("/tac-vu/")
    return client.get(response.url).content.decode()


def test_a_whole_month_through_the_pages(client, officer_a, chairman_a, tree, django_capture_on_commit_callbacks):
    make_beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    make_beneficiary(tree["bac_giang"], full_name="Lê Văn Cường", channel="cash")
    client.force_login(officer_a)
    job_page = generate(client, django_capture_on_commit_callbacks)
    assert "Đã lập bảng chi trả: 2 dòng." in job_page and "Hoàn thành" in job_page
    batch = PaymentBatch.objects.get()
    assert f"/chi-tra/{batch.pk}/" in job_page
    assert "1.000.000 ₫" in client.get(f"/chi-tra/{batch.pk}/").content.decode()
    client.post(f"/chi-tra/{batch.pk}/approve/")
    batch.refresh_from_db()
    assert batch.status == "draft"  # a officer_a cannot approve
    client.force_login(chairman_a)
    client.post(f"/chi-tra/{batch.pk}/approve/")
    client.force_login(officer_a)
    export = client.post(f"/chi-tra/{batch.pk}/xuat-file/", {"format": "csv"})
    assert export["Content-Disposition"].startswith('attachment; filename="chi_tra_')
    line = next(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    cash = client.post(f"/chi-tra/{batch.pk}/xuat-file/", {"channel": "cash"}).content.decode("utf-8-sig")
    assert "Lê Văn Cường" in cash
    bad = client.post(f"/chi-tra/{batch.pk}/doi-soat/", {"file": SimpleUploadedFile(
        "kq.csv", b"reference,status,bank_transaction_id,reason,paid_at\nNOPE,paid,X,,\n")})
    assert "Không có mã giao dịch này." in bad.content.decode()
    cash_ref = batch.lines.get(channel="cash").reference
    good = (f"reference,status,bank_transaction_id,reason,paid_at\n{line['reference']},paid,FT1,,2025-07-10\n"
            f"{cash_ref},paid,BD1,,2025-07-11\n").encode()
    done = client.post(f"/chi-tra/{batch.pk}/doi-soat/", {"file": SimpleUploadedFile("kq.csv", good)}, follow=True)
    assert "Đã ghi nhận: 2 dòng đã chi" in done.content.decode()
    batch.refresh_from_db()
    assert batch.status == "reconciled"
    person_page = client.get(f"/doi-tuong/{batch.lines.first().person_id}/").content.decode()
    assert "Lịch sử chi trả" in person_page and "Đã chi" in person_page


def test_generating_twice_says_so(client, officer_a, tree, django_capture_on_commit_callbacks):
    client.force_login(officer_a)
    generate(client, django_capture_on_commit_callbacks)
    again = generate(client, django_capture_on_commit_callbacks)
    assert "Thất bại, không thay đổi dữ liệu" in again and "Đã có bảng nháp" in again
    assert PaymentBatch.objects.count() == 1


def test_another_commune_sees_no_batch(client, officer_b, approved_batch):
    client.force_login(officer_b)
    assert client.get(f"/chi-tra/{approved_batch.pk}/").status_code == 404
    assert "Chưa có bảng chi trả nào" in client.get("/chi-tra/").content.decode()


def test_a_long_payment_list_pdf_is_built_in_the_background(client, officer_a, approved_batch, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    import pypdfium2 as pdfium

    from jobs.models import Job

    client.force_login(officer_a)
    url = f"/chi-tra/{approved_batch.pk}/danh-sach/07210.pdf"
    assert client.get(url)["Content-Type"] == "application/pdf"  # short: at once
    monkeypatch.setattr(batches, "PDF_SYNC_LINES", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = Job.objects.get()
    assert response.url == f"/tac-vu/{job.pk}/" and job.status == "succeeded"
    download = client.get(f"/tac-vu/{job.pk}/tep-ket-qua/")
    assert download["Content-Type"] == "application/pdf"
    text = pdfium.PdfDocument(b"".join(download.streaming_content))[0].get_textpage().get_text_range()
    assert "Trần Thị Bình" in text and "Lê Văn Cường" in text


def test_the_payment_list_job_is_started_only_for_a_batch_and_commune_in_scope(officer_a, officer_b,
                                                                               approved_batch, tree):
    with pytest.raises(PermissionDenied):  # another commune's batch
        batches.payment_list_pdf_start(by=officer_b, batch=approved_batch, commune=tree["tay_yen_tu"])
    with pytest.raises(PermissionDenied):  # the batch, but a commune out of scope
        batches.payment_list_pdf_start(by=officer_a, batch=approved_batch, commune=tree["tay_yen_tu"])
    assert batches.payment_list_pdf_start(by=officer_a, batch=approved_batch, commune=tree["bac_giang"]).pk
