import io

import pypdfium2 as pdfium
from python_calamine import CalamineWorkbook

from tests.indicators.test_figures import AS_OF


def test_dashboard_shows_every_indicator_with_drill_down(client, specialist, province):
    client.force_login(specialist)
    html = client.get("/", {"area": "24", "as_of": AS_OF.isoformat()}).content.decode()
    for name in ("Tỷ lệ hộ nghèo", "Chi trả không dùng tiền mặt", "Cơ sở trợ giúp xã hội"):
        assert name in html
    assert "/chi-tieu/protection_monthly/ho-so/?area=24" in html
    assert "Bảng theo xã" in html and "chart.umd.min.js" in html
    records = client.get("/chi-tieu/protection_monthly/ho-so/", {"area": "24", "as_of": AS_OF.isoformat(),
                                                                 "part": "denominator"}).content.decode()
    assert "P1" in records and "P4 wants care" in records and "Hà Nội" not in records


def test_officer_dashboard_is_their_commune_only(client, officer_a, province):
    client.force_login(officer_a)
    assert client.get("/", {"area": "24"}).status_code == 403
    assert "Phường Bắc Giang" in client.get("/").content.decode()


def test_reports_download(client, specialist, province):
    client.force_login(specialist)
    pdf = client.get("/chi-tieu/bao-cao.pdf", {"area": "24", "as_of": AS_OF.isoformat()})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdfium.PdfDocument(pdf.content)[0].get_textpage().get_text_range()
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH" in text and "Tỷ lệ hộ nghèo" in text
    assert "Thủ trưởng đơn vị" in text
    xlsx = client.get("/chi-tieu/bao-cao.xlsx", {"area": "24", "as_of": AS_OF.isoformat()})
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    assert "protection_monthly" in book.sheet_names and book.sheet_names[0] == "Tong hop"
    sheet = book.get_sheet_by_name("protection_monthly").to_python()
    assert sheet[1][:2] == ["Mã xã", "Xã/phường"] and {row[0] for row in sheet[2:]} == {"07210", "07616"}


def test_reported_values_show_on_the_dashboard(client, specialist, tree):
    import datetime

    from indicators.models import Indicator, ReportedValue

    labour = Indicator.objects.create(code="trained_labour", name="Tỷ lệ lao động qua đào tạo", kind="reported")
    ReportedValue.objects.create(indicator=labour, area=tree["bac_ninh"], as_of=datetime.date(2026, 6, 30),
                                 value=72.5, source="Cục Thống kê", created_by=specialist)
    client.force_login(specialist)
    html = client.get("/", {"area": "24"}).content.decode()
    assert "Tỷ lệ lao động qua đào tạo" in html and "Cục Thống kê" in html


def test_a_departments_dashboard_opens_on_its_own_indicators(client, tree, province):
    from accounts.models import Role
    from tests.factories import make_user

    for agency, first in (("nn_mt", "Tỷ lệ hộ nghèo"), ("noi_vu", "Người có công được chi trả")):
        client.force_login(make_user(Role.SO_SPECIALIST, tree["bac_ninh"], agency=agency))
        html = client.get("/", {"area": "24", "as_of": AS_OF.isoformat()}).content.decode()
        cards = html.split('<section class="card kpi">')[1:]
        assert first in cards[0] and "Sở " in cards[0]
