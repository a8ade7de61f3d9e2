"""The bank file out (CSV/XLSX) and the bank's results in (CSV/XLSX), all or nothing."""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from beneficiaries.models import PaymentChannel
from common.audit import acting_as
from common.exceptions import Conflict, DomainError
from common.exports import inert_row
from common.tables import read_table
from common.transitions import transition
from payments.models import CASHLESS, FINAL, BatchStatus, Payment, PaymentBatch, PaymentStatus
from payments.services.batches import lock_batch, refresh_totals

EXPORT_COLUMNS = ["stt", "reference", "full_name", "national_id", "bank_code", "account_number", "account_holder",
                  "amount", "period", "content"]
CASH_COLUMNS = ["stt", "reference", "full_name", "national_id", "address", "amount", "period", "signature"]
RESULT_COLUMNS = ["reference", "status", "bank_transaction_id", "reason", "paid_at"]
ACCOUNT = {PaymentChannel.BANK: re.compile(r"^\d{6,20}$"), PaymentChannel.EWALLET: re.compile(r"^0\d{9}$|^\d{6,20}$")}


def ascii_upper(text: str) -> str:
    """Bank files carry no diacritics: "Nguyễn Văn Ánh" → "NGUYEN VAN ANH"."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


def account_problems(batch: PaymentBatch) -> list[dict]:
    """Return the cashless lines whose account is missing or malformed (they block the export)."""
    problems = []
    for line in batch.lines.filter(channel__in=CASHLESS).exclude(status=PaymentStatus.CANCELLED)\
            .select_related("person"):
        reasons = []
        if not line.bank_code:
            reasons.append(_("thiếu mã ngân hàng/ví"))
        if not ACCOUNT[line.channel].match(line.account_number or ""):
            reasons.append(_("số tài khoản/ví không hợp lệ"))
        if not line.account_holder:
            reasons.append(_("thiếu chủ tài khoản"))
        if reasons:
            problems.append({"person": line.person_id, "full_name": line.person.full_name,
                             "reference": line.reference, "problems": reasons})
    return problems


@transaction.atomic
def payment_batch_export(*, by: User, batch: PaymentBatch, fmt: str = "csv", channel: str = "cashless"):
    """Return (filename, content type, bytes) of the bank file (or, ``channel="cash"``, the paying agent's list).

    The first bank export moves an approved batch to ``exported``.
    """
    batch = lock_batch(by, batch)
    if batch.status not in (BatchStatus.APPROVED, BatchStatus.EXPORTED, BatchStatus.RECONCILED, BatchStatus.CLOSED):
        raise Conflict(_("Chỉ xuất file cho bảng đã được duyệt."), code="not_approved")
    if fmt not in ("csv", "xlsx"):
        raise DomainError(_("Định dạng phải là csv hoặc xlsx."), code="bad_format")
    lines = batch.lines.exclude(status=PaymentStatus.CANCELLED).select_related("person__household")\
        .order_by("person__full_name", "period")
    stamp = f"{batch.program.code}_{batch.period:%Y%m}_{batch.area.code}"
    if channel == "cash":
        rows = [[i, p.reference, p.person.full_name, p.person.national_id,
                 p.person.household.address if p.person.household_id else "", p.amount, f"{p.period:%m/%Y}", ""]
                for i, p in enumerate(lines.exclude(channel__in=CASHLESS), 1)]
        return _render(f"danh_sach_tien_mat_{stamp}", CASH_COLUMNS, rows, fmt)
    problems = account_problems(batch)
    if problems:
        raise DomainError(_("Có %(n)s người thiếu hoặc sai thông tin tài khoản: sửa trước khi xuất file.")
                          % {"n": len(problems)}, code="bad_accounts", extra={"people": problems})
    content = f"TRO CAP {ascii_upper(batch.program.name)} T{batch.period:%m/%Y}"
    rows = [[i, p.reference, ascii_upper(p.person.full_name), p.person.national_id, p.bank_code, p.account_number,
             ascii_upper(p.account_holder), p.amount, f"{p.period:%Y-%m}", f"{content} {p.reference}"]
            for i, p in enumerate(lines.filter(channel__in=CASHLESS), 1)]
    if batch.status == BatchStatus.APPROVED:
        with acting_as(by):
            transition(batch, to=BatchStatus.EXPORTED, by=by, fields={"exported_at": timezone.now()})
    return _render(f"chi_tra_{stamp}", EXPORT_COLUMNS, rows, fmt)


def _render(name: str, header: list[str], rows: list[list], fmt: str):
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(inert_row(row) for row in rows)
        return f"{name}.csv", "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("chi_tra")
    sheet.append(header)
    for row in rows:
        sheet.append(inert_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return (f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.getvalue())


# ------------------------------------------------------------------------------
# Results in
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReconcileResult:
    paid: int
    failed: int
    unchanged: int
    batch: PaymentBatch


def _parse_time(value: str):
    if not value:
        return timezone.now()
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(value[:19], fmt))
        except ValueError:
            continue
    return None


@transaction.atomic
def payment_batch_reconcile(*, by: User, batch: PaymentBatch, filename: str, content: bytes) -> ReconcileResult:
    """Apply the bank's results: all rows or none, with a per-row error report."""
    batch = lock_batch(by, batch)
    if batch.status not in (BatchStatus.EXPORTED, BatchStatus.RECONCILED):
        raise Conflict(_("Chỉ đối soát bảng đã xuất file ngân hàng."), code="not_exported")
    table = read_table(filename, content)
    if not table:
        raise ValidationError({"file": [_("Tệp rỗng.")]})
    header = [h.strip().lower() for h in table[0]]
    missing = [c for c in RESULT_COLUMNS if c not in header]
    if missing:
        raise ValidationError({"file": [_("Thiếu cột: %(cols)s. Tiêu đề cần có: %(need)s (amount nếu có).")
                                        % {"cols": ", ".join(missing), "need": ",".join(RESULT_COLUMNS)}]})
    col = {name: header.index(name) for name in header}
    rows = [(n, {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()})
            for n, row in enumerate(table[1:], start=2) if any(str(c).strip() for c in row)]
    references = [r["reference"] for _, r in rows]
    known = {p.reference: p for p in Payment.objects.select_for_update().filter(reference__in=references)}
    errors, seen, updates = [], set(), []

    def error(line, reference, message):
        errors.append({"row": line, "reference": reference, "message": message})

    for line, row in rows:
        ref, status = row["reference"], row["status"].lower()
        payment = known.get(ref)
        if ref in seen:
            error(line, ref, _("Dòng trùng mã giao dịch."))
            continue
        seen.add(ref)
        if payment is None:
            error(line, ref, _("Không có mã giao dịch này."))
            continue
        if payment.batch_id != batch.pk:
            error(line, ref, _("Dòng thuộc bảng chi trả khác."))
            continue
        if status not in ("paid", "failed"):
            error(line, ref, _("Trạng thái phải là paid hoặc failed."))
            continue
        if "amount" in row and row["amount"] and row["amount"].replace(".", "").replace(",", "") != str(payment.amount):
            error(line, ref, _("Số tiền %(got)s khác số tiền của dòng (%(want)s).")
                  % {"got": row["amount"], "want": payment.amount})
            continue
        paid_at = _parse_time(row["paid_at"])
        if paid_at is None:
            error(line, ref, _("Ngày chi không hợp lệ."))
            continue
        txn = row["bank_transaction_id"]
        if payment.status == PaymentStatus.PAID:
            if status == "paid" and txn == payment.bank_transaction_id:
                continue  # the same result again: nothing to do
            error(line, ref, _("Dòng đã chi với mã giao dịch ngân hàng %(txn)s.")
                  % {"txn": payment.bank_transaction_id})
            continue
        if payment.status in FINAL:
            error(line, ref, _("Dòng đã ở trạng thái cuối (%(s)s).") % {"s": payment.get_status_display()})
            continue
        if status == "paid" and not txn:
            error(line, ref, _("Dòng đã chi cần mã giao dịch ngân hàng."))
            continue
        if status == "failed" and not row["reason"]:
            error(line, ref, _("Dòng lỗi cần lý do."))
            continue
        payment.status = PaymentStatus.PAID if status == "paid" else PaymentStatus.FAILED
        payment.bank_transaction_id = txn
        payment.paid_at = paid_at if status == "paid" else None
        payment.failure_reason = row["reason"] if status == "failed" else ""
        updates.append(payment)
    if errors:
        raise DomainError(_("Tệp có %(n)s dòng lỗi: không dòng nào được ghi nhận.") % {"n": len(errors)},
                          code="bad_results", extra={"rows": errors})
    with acting_as(by):
        Payment.objects.bulk_update(updates, ["status", "bank_transaction_id", "paid_at", "failure_reason"],
                                    batch_size=2000)
        batch = refresh_totals(batch)
        if batch.status == BatchStatus.EXPORTED and not batch.lines.exclude(status__in=FINAL).exists():
            batch = transition(batch, to=BatchStatus.RECONCILED, by=by)
    paid = sum(1 for p in updates if p.status == PaymentStatus.PAID)
    return ReconcileResult(paid=paid, failed=len(updates) - paid, unchanged=len(rows) - len(updates), batch=batch)
