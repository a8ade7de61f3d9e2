"""Exports and PDFs are inert: a typed name or address is printed as text, never run as a formula or markup."""

import csv
import io

from python_calamine import CalamineWorkbook

from common.exports import inert, xlsx_bytes
from payments.services.bank_files import payment_batch_export
from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.models import Program
from tests.helpers import make_beneficiary

FORMULA = '=HYPERLINK("http://x","y")'


def test_every_formula_trigger_is_written_as_text():
    for value in (FORMULA, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert inert(value) == "'" + value
    assert inert("Nguyễn Văn A") == "Nguyễn Văn A" and inert(-5) == -5 and inert(None) is None
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_bytes("t", ["Họ và tên"], [[FORMULA]])))\
        .get_sheet_by_index(0).to_python()
    assert sheet[1][0] == "'" + FORMULA  # a string cell, not a formula


def test_list_export_and_the_cash_list_are_inert(client, officer_a, chairman_a, tree):
    make_beneficiary(tree["bac_giang"], full_name=FORMULA, channel="cash")
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    batch = payment_batch_approve(by=chairman_a, batch=batch)
    client.force_login(officer_a)
    xlsx = client.get("/doi-tuong/", {"export": "xlsx"}).content
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + FORMULA for c in cells)
    _, _, body = payment_batch_export(by=officer_a, batch=batch, channel="cash")
    row = next(r for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) if FORMULA in ",".join(r))
    assert "'" + FORMULA in row and FORMULA not in [c for c in row if c.startswith("=")]
