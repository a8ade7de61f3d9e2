import io

import pypdfium2 as pdfium
import pytest
from python_calamine import CalamineWorkbook

from tests.factories import make_person, make_protection_profile
from tests.helpers import approved, backdate
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


def test_figures_say_whether_they_meet_their_target_and_bars_open_the_communes_records(client, specialist,
                                                                                      province):
    import json
    import re

    client.force_login(specialist)
    html = client.get("/", {"area": "24", "as_of": AS_OF.isoformat()}).content.decode()
    # protection_monthly: 1 of the 3 approved paid on AS_OF, target 100 %: red, "còn thiếu"
    assert re.search(r'class="big figure-unmet">33,33%', html)
    assert "còn thiếu <strong class=\"figure-unmet\">66,67 điểm %</strong>" in html
    # the poor rate should fall: worded so, and met at 0 % (no poor household reviewed)
    assert "càng thấp càng tốt" in html
    data = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)[1])
    bars = data["protection_monthly"]["bars"]
    assert set(bars["labels"]) == {"Phường Bắc Giang", "Xã Tây Yên Tử"}
    first = bars["labels"].index("Phường Bắc Giang")
    assert bars["links"][first] == f"/chi-tieu/protection_monthly/ho-so/?area=07210&as_of={AS_OF.isoformat()}" \
                                   "&part=numerator"
    assert set(bars["colors"]) <= {"#1e7b45", "#b42318", "#5f6b7a"} and len(bars["colors"]) == len(bars["labels"])
    facilities = data["facilities"]["bars"]  # a count: only communes that have some, largest first, sideways
    assert facilities["sideways"] and facilities["labels"] == ["Phường Bắc Giang"] and facilities["values"] == [1.0]


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
    name = "Đối tượng bảo trợ xã hội đủ"  # the indicator's own name, cut at a word to Excel's 31 characters
    assert book.sheet_names[0] == "Tổng hợp" and name in book.sheet_names
    assert not [n for n in book.sheet_names if "_" in n]  # no code names
    sheet = book.get_sheet_by_name(name).to_python()
    assert sheet[1] == ["Mã xã", "Xã/phường", "Tử số", "Mẫu số", "Kết quả", "Còn thiếu so với mục tiêu"]
    assert {row[0] for row in sheet[2:]} == {"07210", "07616"}
    from openpyxl import load_workbook

    opened = load_workbook(io.BytesIO(xlsx.content))
    summary = opened["Tổng hợp"]
    row = next(r for r in summary.iter_rows(min_row=3) if r[9].value == "protection_monthly")
    assert row[4].value == pytest.approx(1 / 3, abs=1e-4) and row[4].number_format == "0.00%"  # 33,33 % in Excel
    assert row[5].value == pytest.approx(2 / 3, abs=1e-4)  # the gap to the 100 % target
    assert summary.column_dimensions["A"].width == 60 and opened[name].column_dimensions["B"].width == 32
    poor = next(r for r in summary.iter_rows(min_row=3) if r[9].value == "poor_rate")
    assert poor[8].value == "càng thấp càng tốt"
    assert "Chỉ tiêu kế hoạch — Tỉnh Bắc Ninh" in pdfium.PdfDocument(pdf.content).get_metadata_value("Title")


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


def test_a_department_s_dashboard_and_report(client, api_client_for, specialist, province, tree):
    """A viewer bound to the Sở Y tế reads its indicators and the shared ones; anyone may ask for one Sở."""
    from accounts.models import Role
    from tests.factories import make_user

    viewer = make_user(Role.VIEWER, tree["bac_ninh"], username="thongke.yte", agency="y_te")
    params = {"area": "24", "as_of": AS_OF.isoformat()}
    seen = {f["code"]: f["agency"] for f in api_client_for(viewer).get("/api/v1/indicators/", params).json()}
    assert "protection_monthly" in seen and "cashless_share" in seen and "merit_paid" not in seen
    assert set(seen.values()) == {"y_te", ""}
    asked = api_client_for(viewer).get("/api/v1/indicators/", {**params, "agency": "noi_vu"}).json()
    assert {f["agency"] for f in asked} == {"y_te", ""}  # bound: always their own
    noi_vu = api_client_for(specialist).get("/api/v1/indicators/", {**params, "agency": "noi_vu"}).json()
    assert {f["agency"] for f in noi_vu} == {"noi_vu", ""} and len(noi_vu) < 10
    assert api_client_for(viewer).get("/api/v1/indicators/merit_paid/records/", params).status_code == 404
    client.force_login(viewer)
    assert client.get("/chi-tieu/merit_paid/ho-so/", params).status_code == 404
    html = client.get("/", params).content.decode()
    assert "Người có công được chi trả" not in html and "name=\"agency\"" not in html
    client.force_login(specialist)
    pdf = client.get("/chi-tieu/bao-cao.pdf", {**params, "agency": "noi_vu"})
    assert pdf["Content-Disposition"].endswith(f'chi_tieu_24_noi_vu_{AS_OF:%Y%m%d}.pdf"')
    text = pdfium.PdfDocument(pdf.content)[0].get_textpage().get_text_range()
    assert "SỞ NỘI VỤ" in text and "Người có công được chi trả" in text and "Tỷ lệ hộ nghèo" not in text
    assert "Sở chủ trì" in text


def test_records_are_paged_without_a_count_and_say_the_figure(client, specialist, province, tree):
    for i in range(50):
        approved(make_protection_profile(make_person(tree["bac_giang"], full_name=f"Người {i:02d}"),
                                         group="NCT_80", status="approved"))
    backdate()
    client.force_login(specialist)
    url = "/chi-tieu/protection_monthly/ho-so/"
    first = client.get(url, {"area": "24", "as_of": AS_OF.isoformat(), "part": "denominator"})
    html = first.content.decode()
    assert len(first.context["page"].object_list) == 50 and "Trang 1" in html and "page=2" in html
    assert "Con số trên tổng quan: 53." in html  # 3 of the fixture + 50
    second = client.get(url, {"area": "24", "as_of": AS_OF.isoformat(), "part": "denominator", "page": "2"})
    assert len(second.context["page"].object_list) == 3 and "page=3" not in second.content.decode()
    names = [p.full_name for p in first.context["page"].object_list + second.context["page"].object_list]
    assert names == sorted(names) and len(set(names)) == 53
    assert client.get(url, {"area": "24", "page": "abc"}).context["page"].number == 1
