"""Quyết định hỗ trợ nhà ở: the support decision of one case, A4 portrait, in Vietnamese."""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from common.exceptions import Conflict
from common.numbers import amount_in_words, money
from common.pdf import esc, nfc, official_header, paragraph, place_and_date, styles
from housing.models import HousingCase, HousingStatus
from housing.services import approved_content


def decision_pdf(case: HousingCase) -> bytes:
    if case.status not in (HousingStatus.APPROVED, HousingStatus.IN_PROGRESS, HousingStatus.COMPLETED):
        raise Conflict(_("Hồ sơ chưa được phê duyệt: chưa có quyết định."), code="not_approved")
    s = styles(11)
    province = case.household.area.province()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=nfc(f"Quyết định hỗ trợ nhà ở {case.household.code}"))

    def P(text, style="justify"):
        return paragraph(text, s[style])

    # as approved (approved_as); a case approved before that was stored prints today's registry data
    content = case.approved_as or approved_content(case, issuer="Sở Nội vụ")
    a = {key: esc(value) if isinstance(value, str) else value for key, value in content.items()}
    number = esc(case.decision_no) or "……/QĐ"
    date = case.decision_date.strftime("%d/%m/%Y") if case.decision_date else "…/…/……"
    story = [
        official_header(province, a["issuer"], (70 * mm, 97 * mm), s),
        Spacer(1, 2 * mm),
        P(f"Số: {number}", "base"),
        Spacer(1, 6 * mm),
        P("QUYẾT ĐỊNH", "title"),
        P(f"Về việc hỗ trợ {a['support_type'].lower()} nhà ở cho {a['target'].lower()}", "center_b"),
        Spacer(1, 6 * mm),
        P(f"Căn cứ {a['legal_basis']};"),
        P(f"Căn cứ kết quả khảo sát, đề xuất của Ủy ban nhân dân {a['commune']} và hồ sơ kèm theo;"),
        Spacer(1, 4 * mm),
        P("QUYẾT ĐỊNH:", "center_b"),
        Spacer(1, 3 * mm),
        P(f"<b>Điều 1.</b> Hỗ trợ {a['support_type'].lower()} nhà ở cho hộ "
          f"<b>{a['full_name']}</b> (mã hộ {a['household_code']}), địa chỉ {a['address']}, "
          f"{a['commune']}, {esc(province.name)}; thuộc diện {a['target'].lower()}, "
          f"chương trình “{a['programme']}”."),
        P(f"Mức hỗ trợ: <b>{money(case.approved_amount)} đồng</b> "
          f"(bằng chữ: <i>{amount_in_words(case.approved_amount)}</i>)."
          + (f" Lý do điều chỉnh mức: {esc(case.amount_reason)}." if case.amount_reason else "")),
        Spacer(1, 2 * mm),
        P("Nguồn kinh phí:"),
    ]
    rows = [[P("<b>Nguồn</b>", "center"), P("<b>Số tiền (đồng)</b>", "center")]]
    rows += [[P(esc(label), "base"), P(money(amount), "right")] for label, amount in a["funding"]]
    rows.append([P("<b>Tổng cộng</b>", "base"), P(f"<b>{money(case.approved_amount)}</b>", "right")])
    table = Table(rows, colWidths=[100 * mm, 50 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    story += [table, Spacer(1, 3 * mm),
              P("<b>Điều 2.</b> Hộ được hỗ trợ có trách nhiệm sử dụng kinh phí đúng mục đích, hoàn thành công trình "
                "và báo cáo Ủy ban nhân dân cấp xã để nghiệm thu; kinh phí được giải ngân theo tiến độ."),
              P("<b>Điều 3.</b> Quyết định có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị liên quan và hộ được hỗ trợ "
                "chịu trách nhiệm thi hành Quyết định này."),
              Spacer(1, 8 * mm),
              Table([[P("<b><i>Nơi nhận:</i></b><br/>- Như Điều 3;<br/>- UBND "
                        f"{a['commune']};<br/>- Lưu: VT.", "base"),
                      P(f"<i>{place_and_date(province)}</i><br/><b>GIÁM ĐỐC</b><br/><i>(Ký tên, đóng dấu)</i>",
                        "center")]], colWidths=[75 * mm, 92 * mm]),
              Spacer(1, 2 * mm), P(f"Ngày quyết định: {date}", "base")]
    doc.build(story)
    return out.getvalue()
