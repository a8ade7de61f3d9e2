"""Payment list per commune (danh sách chi trả), A4 landscape, in Vietnamese (fonts: common/pdf.py)."""

import io
from itertools import groupby

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.masking import id_for
from areas.models import Area
from beneficiaries.models import PaymentChannel
from common.numbers import amount_in_words, money
from common.pdf import esc, nfc, official_header, place_and_date, styles
from payments.models import PaymentBatch, PaymentStatus
from programs.authority import commune_paid, decision_rule


def issuer(batch) -> str:
    """Who issues the list: the commune's People's Committee for a batch the commune pays, else the owning Sở."""
    rule = decision_rule("payment_batch", batch.program, timezone.localtime(batch.generated_at).date())
    if commune_paid(rule, batch.area):
        return f"Ủy ban nhân dân {batch.area.name}"
    return rule.get_agency_display() if rule else batch.program.owning_agency


def payment_list_pdf(batch: PaymentBatch, commune: Area, user) -> bytes:
    """Return the PDF payment list of ``batch`` for the persons of ``commune`` (ID numbers masked for a viewer)."""
    s = styles()
    lines = list(batch.lines.exclude(status=PaymentStatus.CANCELLED).filter(person__area=commune)
                 .select_related("person").order_by("person__full_name", "person_id", "period"))
    province = batch.area.province()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=nfc(f"Danh sách chi trả {batch.program.code} {batch.period:%m/%Y} {commune.name}"))
    P = lambda text, style="base": Paragraph(nfc(text), s[style])  # noqa: E731  (markup: values through esc)
    header = official_header(province, esc(issuer(batch)), (100 * mm, 160 * mm), s)
    story = [header, Spacer(1, 6 * mm),
             P(f"DANH SÁCH CHI TRẢ {esc(batch.program.name.upper())}", "title"),
             P(f"Tháng {batch.period:%m/%Y} — {esc(commune.name)}", "center_b"), Spacer(1, 4 * mm)]

    rows = [[P(h, "center_b") for h in ("STT", "Họ và tên", "Số định danh", "Tài khoản / hình thức", "Tháng hưởng",
                                         "Số tiền (đồng)", "Ký nhận")]]
    total = 0
    for number, (_, group) in enumerate(groupby(lines, key=lambda line: line.person_id), start=1):
        group = list(group)
        first = group[0]
        amount = sum(line.amount for line in group)
        total += amount
        account = (f"{esc(first.bank_code)} {esc(id_for(user, first.account_number))}"
                   if first.channel != PaymentChannel.CASH else first.get_channel_display())
        months = ", ".join(f"{line.period:%m/%Y}" + ("*" if line.kind == "adjustment" else "") for line in group)
        # the name and ID as the lines were generated (older lines: the registry's)
        name, national_id = first.full_name or first.person.full_name, first.national_id or first.person.national_id
        rows.append([P(str(number), "center"), P(esc(name)), P(esc(id_for(user, national_id)) or "—"),
                     P(account), P(months), P(money(amount), "right"), P("")])
    rows.append([P(""), P("<b>Tổng cộng</b>"), P(""), P(""), P(f"{len(rows) - 1} người"),
                 P(f"<b>{money(total)}</b>", "right"), P("")])
    table = Table(rows, repeatRows=1, colWidths=[12 * mm, 58 * mm, 32 * mm, 52 * mm, 44 * mm, 30 * mm, 39 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    story += [table, Spacer(1, 3 * mm),
              P(f"Tổng số tiền bằng chữ: <i>{amount_in_words(total)}.</i>"),
              P("(*) Khoản điều chỉnh chênh lệch do mức hưởng thay đổi.", "base"), Spacer(1, 6 * mm)]
    story.append(Table([[P(""), P(""), P(f"<i>{place_and_date(province)}</i>", "center")],
                        [P("<b>Người lập biểu</b>", "center"), P("<b>Kế toán</b>", "center"),
                         P("<b>Thủ trưởng đơn vị</b>", "center")],
                        [P("(Ký, ghi rõ họ tên)", "italic_c"), P("(Ký, ghi rõ họ tên)", "italic_c"),
                         P("(Ký tên, đóng dấu)", "italic_c")]],
                       colWidths=[88 * mm, 88 * mm, 88 * mm]))
    doc.build(story)
    return out.getvalue()
