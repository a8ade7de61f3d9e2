import csv
import io

import pytest

from common.exceptions import DomainError
from payments.models import Payment
from payments.services.bank_files import payment_batch_export, payment_batch_reconcile
from tests.helpers import make_beneficiary


def rows(content: bytes):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def results(lines):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "status", "bank_transaction_id", "reason", "paid_at"])
    writer.writerows(lines)
    return out.getvalue().encode()


def test_bank_file_has_only_cashless_lines_in_the_documented_layout(approved_batch, officer_a):
    name, content_type, body = payment_batch_export(by=officer_a, batch=approved_batch)
    data = rows(body)
    assert name.startswith("chi_tra_TCXH_HANG_THANG_202507_07210") and content_type.startswith("text/csv")
    assert list(data[0]) == ["stt", "reference", "full_name", "national_id", "bank_code", "account_number",
                             "account_holder", "amount", "period", "content"]
    assert [(r["full_name"], r["amount"]) for r in data] == [("NGUYEN VAN ANH", "500000"), ("TRAN THI BINH", "500000")]
    assert data[0]["content"].startswith("TRO CAP TRO CAP XA HOI HANG THANG T07/2025")
    approved_batch.refresh_from_db()
    assert approved_batch.status == "exported" and approved_batch.exported_at is not None


def test_cash_lines_go_to_the_paying_agents_list(approved_batch, officer_a):
    _, _, body = payment_batch_export(by=officer_a, batch=approved_batch, channel="cash")
    assert [r["full_name"] for r in rows(body)] == ["Lê Văn Cường"]


def test_xlsx_export(approved_batch, officer_a):
    from python_calamine import CalamineWorkbook

    name, _, body = payment_batch_export(by=officer_a, batch=approved_batch, fmt="xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    assert name.endswith(".xlsx") and sheet[0][1] == "reference" and len(sheet) == 3


def test_a_bad_account_blocks_export_with_the_people_to_fix(tree, officer_a, chairman_a):
    from payments.services.batches import payment_batch_approve, payment_batch_generate
    from programs.models import Program

    make_beneficiary(tree["bac_giang"], full_name="Sai Tài Khoản", account="12-34")
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    batch = payment_batch_approve(by=chairman_a, batch=batch)
    with pytest.raises(DomainError) as exc:
        payment_batch_export(by=officer_a, batch=batch)
    assert exc.value.extra["people"][0]["full_name"] == "Sai Tài Khoản"
    assert "số tài khoản/ví không hợp lệ" in exc.value.extra["people"][0]["problems"]
    batch.refresh_from_db()
    assert batch.status == "approved"


def test_draft_cannot_be_exported(tree, officer_a):
    from payments.services.batches import payment_batch_generate
    from programs.models import Program

    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    with pytest.raises(DomainError) as exc:
        payment_batch_export(by=officer_a, batch=batch)
    assert exc.value.status == 409


@pytest.fixture
def exported(approved_batch, officer_a):
    payment_batch_export(by=officer_a, batch=approved_batch)
    return approved_batch


def refs(batch):
    return {line.person.full_name: line.reference for line in batch.lines.select_related("person")}


def test_results_mark_lines_and_reconcile_the_batch(exported, officer_a):
    r = refs(exported)
    result = payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv", content=results([
        [r["Nguyễn Văn Ánh"], "paid", "FT001", "", "2025-07-10"],
        [r["Trần Thị Bình"], "failed", "", "Tài khoản đã đóng", "2025-07-10"],
        [r["Lê Văn Cường"], "paid", "BD-777", "", "2025-07-11"],
    ]))
    assert (result.paid, result.failed) == (2, 1)
    batch = result.batch
    assert batch.status == "reconciled" and batch.paid_amount == 1_000_000 and batch.failed_amount == 500_000
    assert Payment.objects.get(reference=r["Trần Thị Bình"]).failure_reason == "Tài khoản đã đóng"


def test_partial_results_keep_the_batch_exported_and_same_result_twice_is_harmless(exported, officer_a):
    r = refs(exported)
    row = [r["Nguyễn Văn Ánh"], "paid", "FT001", "", "2025-07-10"]
    payment_batch_reconcile(by=officer_a, batch=exported, filename="a.csv", content=results([row]))
    again = payment_batch_reconcile(by=officer_a, batch=exported, filename="a.csv", content=results([row]))
    assert again.unchanged == 1 and again.batch.status == "exported"


@pytest.fixture
def other_batch_reference(exported, officer_a, tree):
    """A line of another batch (Hà Nội), to be reported by mistake in this batch's results."""
    from payments.models import PaymentBatch

    twin = PaymentBatch.objects.create(program=exported.program, period=exported.period, area=tree["ha_noi"],
                                       generated_by=officer_a, generated_at=exported.generated_at)
    line = exported.lines.first()
    return Payment.objects.create(batch=twin, enrollment=line.enrollment, person=line.person,
                                  period=line.period.replace(month=6), kind="arrears", amount=1,
                                  reference="CTOTHER", channel="cash").reference


@pytest.mark.parametrize("make_row,message", [
    (lambda r, other: ["KHONGCO", "paid", "X", "", ""], "Không có mã giao dịch này."),
    (lambda r, other: [other, "paid", "X", "", ""], "Dòng thuộc bảng chi trả khác."),
    (lambda r, other: [r, "done", "X", "", ""], "Trạng thái phải là paid hoặc failed."),
    (lambda r, other: [r, "paid", "", "", ""], "Dòng đã chi cần mã giao dịch ngân hàng."),
    (lambda r, other: [r, "failed", "", "", ""], "Dòng lỗi cần lý do."),
    (lambda r, other: [r, "paid", "X", "", "31/02/2025"], "Ngày chi không hợp lệ."),
])
def test_every_bad_row_is_reported_and_nothing_changes(exported, officer_a, other_batch_reference, make_row,
                                                        message):
    r = refs(exported)
    bad = make_row(r["Nguyễn Văn Ánh"], other_batch_reference)
    good = [r["Lê Văn Cường"], "paid", "BD-1", "", "2025-07-11"]
    with pytest.raises(DomainError) as exc:
        payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv", content=results([good, bad]))
    assert exc.value.extra["rows"] == [{"row": 3, "reference": bad[0], "message": message}]
    assert set(exported.lines.values_list("status", flat=True)) == {"pending"}  # the good row was not applied


def test_duplicate_rows_amount_mismatch_and_a_second_transaction_id(exported, officer_a):
    r = refs(exported)
    with pytest.raises(DomainError) as exc:
        payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv", content=results([
            [r["Lê Văn Cường"], "paid", "A", "", ""], [r["Lê Văn Cường"], "paid", "A", "", ""]]))
    assert exc.value.extra["rows"][0]["message"] == "Dòng trùng mã giao dịch."
    content = ("reference,status,bank_transaction_id,reason,paid_at,amount\n"
               f"{r['Lê Văn Cường']},paid,A,,,499000\n").encode()
    with pytest.raises(DomainError) as exc:
        payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv", content=content)
    assert "khác số tiền của dòng (500000)" in exc.value.extra["rows"][0]["message"]
    payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv",
                            content=results([[r["Lê Văn Cường"], "paid", "A", "", ""]]))
    with pytest.raises(DomainError) as exc:
        payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv",
                                content=results([[r["Lê Văn Cường"], "paid", "B", "", ""]]))
    assert exc.value.extra["rows"][0]["message"] == "Dòng đã chi với mã giao dịch ngân hàng A."


def test_missing_columns_are_refused(exported, officer_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.csv", content=b"reference,status\n")
    assert "Thiếu cột: bank_transaction_id, reason, paid_at" in exc.value.message_dict["file"][0]


def test_xlsx_results_are_read(exported, officer_a):
    from openpyxl import Workbook

    r = refs(exported)
    book = Workbook()
    sheet = book.active
    sheet.append(["reference", "status", "bank_transaction_id", "reason", "paid_at"])
    for name in r:
        sheet.append([r[name], "paid", f"T-{name[:2]}", "", "2025-07-10"])
    out = io.BytesIO()
    book.save(out)
    result = payment_batch_reconcile(by=officer_a, batch=exported, filename="kq.xlsx", content=out.getvalue())
    assert result.paid == 3 and result.batch.status == "reconciled"
