"""Every list page exports its current, scoped rows to Excel."""

import io

import pytest
from python_calamine import CalamineWorkbook

from beneficiaries.services import profiles
from tests.factories import make_enrollment, make_person, make_protection_profile


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()


@pytest.fixture
def people(tree, officer_a):
    a = make_person(tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    b = make_person(tree["tay_yen_tu"], full_name="Trần Thị Bình")
    return a, b


def test_person_list_export_keeps_filters_and_scope(client, officer_a, specialist, people):
    client.force_login(specialist)
    rows = sheet(client.get("/doi-tuong/", {"q": "nguyen", "export": "xlsx"}))
    # the layout of the households + persons import template, so the file can be imported back
    assert rows[0][:4] == ["Mã hộ *", "Địa chỉ hộ", "Mã xã/phường *", "Họ và tên *"]
    assert [r[3] for r in rows[1:]] == ["Nguyễn Văn Ánh"] and rows[1][2] == "07210"
    client.force_login(officer_a)
    rows = sheet(client.get("/doi-tuong/", {"export": "xlsx"}))
    assert [r[3] for r in rows[1:]] == ["Nguyễn Văn Ánh"]  # not the other commune's person


def test_a_large_person_export_runs_as_a_job(client, officer_a, people, monkeypatch,
                                             django_capture_on_commit_callbacks):
    from beneficiaries import exports
    from jobs.models import Job

    monkeypatch.setattr(exports, "SYNC_LIMIT", 0)
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/doi-tuong/", {"q": "nguyen", "export": "xlsx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/tac-vu/{job.pk}/"
    assert job.status == "succeeded" and job.counts["rows"] == 1
    rows = sheet(client.get(f"/tac-vu/{job.pk}/tep-ket-qua/"))
    assert [r[3] for r in rows[1:]] == ["Nguyễn Văn Ánh"]


def test_queues_export(client, officer_a, chairman_a, people):
    profile = profiles.profile_submit(by=officer_a, profile=make_protection_profile(people[0], by=officer_a))
    client.force_login(chairman_a)
    rows = sheet(client.get("/duyet-ho-so/", {"export": "xlsx"}))
    assert rows[1][2] == "Nguyễn Văn Ánh"
    profiles.profile_return(by=chairman_a, profile=profile, reason="Thiếu ảnh")
    client.force_login(officer_a)
    assert sheet(client.get("/ho-so-tra-lai/", {"export": "xlsx"}))[1][6] == "Thiếu ảnh"


def test_enrollment_queue_export(client, chairman_a, people):
    make_protection_profile(people[0], status="approved")
    make_enrollment(people[0], "TCXH_HANG_THANG", status="submitted")
    client.force_login(chairman_a)
    assert sheet(client.get("/chinh-sach/cho-duyet/", {"export": "xlsx"}))[1][1] == "Nguyễn Văn Ánh"


def test_batch_lines_and_housing_exports(client, officer_a, tree, django_capture_on_commit_callbacks):
    from tests.helpers import make_beneficiary

    make_beneficiary(tree["bac_giang"], full_name="Người Nhận Tiền")
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/chi-tra/lap-bang/", {"program": "TCXH_HANG_THANG", "period": "2025-07", "area": "07210"})
    from payments.models import PaymentBatch

    batch = PaymentBatch.objects.get()
    rows = sheet(client.get(f"/chi-tra/{batch.pk}/", {"export": "xlsx"}))
    assert rows[1][1] == "Người Nhận Tiền" and rows[1][5] == 500000
    assert sheet(client.get("/nha-o/", {"export": "xlsx"}))[0][0] == "Mã hộ"


def test_indicator_records_export(client, specialist, people):
    client.force_login(specialist)
    rows = sheet(client.get("/chi-tieu/facilities/ho-so/", {"area": "24", "export": "xlsx"}))
    assert rows[0] == ["Cơ sở", "Địa bàn", "Công lập"]


def test_a_list_export_has_readable_widths_and_dd_mm_yyyy_dates():
    import datetime
    import io

    from openpyxl import load_workbook

    from common.exports import xlsx_bytes

    content = xlsx_bytes("danh sach", ["Họ và tên", "Ngày sinh"], [["Nguyễn Văn An", datetime.date(1950, 3, 15)]])
    sheet = load_workbook(io.BytesIO(content))["danh sach"]
    assert sheet["B2"].value == datetime.datetime(1950, 3, 15) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width == 13 and sheet.column_dimensions["B"].width == 13
