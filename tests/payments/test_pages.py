import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from payments.models import PaymentBatch
from tests.payments.conftest import beneficiary


def test_a_whole_month_through_the_pages(client, specialist, leader, tree):
    beneficiary(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    beneficiary(tree["tay_yen_tu"], full_name="Lê Văn Cường", channel="cash")
    client.force_login(specialist)
    response = client.post("/chi-tra/lap-bang/", {"program": "TCXH_HANG_THANG", "period": "2025-07", "area": "24"},
                           follow=True)
    html = response.content.decode()
    assert "Đã lập bảng chi trả: 2 dòng." in html and "1.000.000 ₫" in html
    batch = PaymentBatch.objects.get()
    client.post(f"/chi-tra/{batch.pk}/approve/")
    batch.refresh_from_db()
    assert batch.status == "draft"  # a specialist cannot approve
    client.force_login(leader)
    client.post(f"/chi-tra/{batch.pk}/approve/")
    client.force_login(specialist)
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


def test_generating_twice_says_so(client, specialist, tree):
    client.force_login(specialist)
    client.post("/chi-tra/lap-bang/", {"program": "TCXH_HANG_THANG", "period": "2025-07", "area": "24"})
    again = client.post("/chi-tra/lap-bang/", {"program": "TCXH_HANG_THANG", "period": "2025-07", "area": "24"},
                        follow=True)
    assert "Đã có bảng nháp" in again.content.decode()
    assert PaymentBatch.objects.count() == 1


def test_officer_sees_no_province_batch(client, officer_a, approved_batch):
    client.force_login(officer_a)
    assert client.get(f"/chi-tra/{approved_batch.pk}/").status_code == 404
    assert "Chưa có bảng chi trả nào" in client.get("/chi-tra/").content.decode()
