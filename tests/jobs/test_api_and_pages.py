"""The imports API and pages: upload, read the errors, fix, confirm; templates; scope of jobs."""

import io

import pytest
from openpyxl import load_workbook

from beneficiaries.models import Household, Person
from jobs.models import Job
from tests.helpers import PERSONS_HEADER, an_id, person_row, upload, xlsx

pytestmark = pytest.mark.django_db


def test_import_through_the_api(api_client_for, officer_a, officer_b, run_jobs):
    api = api_client_for(officer_a)
    bad = [person_row(national_id=an_id(serial=1)), person_row(household="H2", name="Ai Đó", born="hôm qua")]
    with run_jobs():
        response = api.post("/api/v1/imports/", {"kind": "households", "file": upload(xlsx(PERSONS_HEADER, bad))},
                            format="multipart")
    assert response.status_code == 202
    job = api.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert job["status"] == "invalid" and job["error_count"] == 1
    assert job["errors"] == [{"sheet": "Dữ liệu", "row": 3, "column": "Ngày sinh",
                              "message": "Ngày phải có dạng dd/mm/yyyy."}]
    marked = api.get(job["result_file"])
    assert marked.status_code == 200 and marked["Content-Type"].startswith("application/vnd.openxmlformats")
    assert api.post(f"/api/v1/imports/{job['id']}/confirm/").status_code == 409

    good = bad[:1]
    with run_jobs():
        job = api.post("/api/v1/imports/", {"kind": "households", "file": upload(xlsx(PERSONS_HEADER, good))},
                       format="multipart").json()
    job = api.get(f"/api/v1/imports/{job['id']}/").json()
    assert job["status"] == "ready" and job["counts"]["persons"] == 1
    # another commune's officer does not even see the job
    assert api_client_for(officer_b).get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert api_client_for(officer_b).post(f"/api/v1/imports/{job['id']}/confirm/").status_code == 404
    with run_jobs():
        response = api.post(f"/api/v1/imports/{job['id']}/confirm/")
    assert response.status_code == 202
    assert api.get(f"/api/v1/imports/{job['id']}/").json()["status"] == "succeeded"
    assert Person.objects.count() == 1
    assert api.get("/api/v1/jobs/").json()["count"] == 2


def test_api_refuses_bad_requests(api_client_for, officer_a, api_client):
    api = api_client_for(officer_a)
    assert api.post("/api/v1/imports/", {"kind": "households"}, format="multipart").status_code == 400
    response = api.post("/api/v1/imports/", {"kind": "area_statistics", "file": upload(b"x")}, format="multipart")
    assert response.status_code == 403  # statistics are the Sở's
    assert api_client.get("/api/v1/imports/").status_code == 401


def test_template_has_headers_help_and_code_lists(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/nhap-tep/mau/households.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn", "Danh mục"]
    data = book["Dữ liệu"]
    assert [c.value for c in data[1]] == PERSONS_HEADER
    lists = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert lists["C2:C20001"] == "'Danh mục'!$A$2:$A$2"  # only the officer's own commune
    assert lists["F2:F20001"] == '"Nam,Nữ"'
    assert book["Danh mục"]["A2"].value == "07210 Phường Bắc Giang"
    assert "Ngày sinh" in [c.value for c in book["Hướng dẫn"]["A"]]
    assert client.get("/nhap-tep/mau/area_statistics.xlsx").status_code == 403
    assert client.get("/nhap-tep/mau/nothing.xlsx").status_code == 404


def test_an_officer_fixes_the_file_and_imports_through_the_pages(client, officer_a, run_jobs):
    client.force_login(officer_a)
    page = client.get("/nhap-tep/")
    assert page.status_code == 200 and "Hộ gia đình và thành viên" in page.content.decode()
    rows = [person_row(national_id=an_id(serial=1)), person_row(household="H2", commune="07616")]
    with run_jobs():
        response = client.post("/nhap-tep/", {"kind": "households", "file": upload(xlsx(PERSONS_HEADER, rows))})
    html = client.get(response.url).content.decode()
    assert "Có lỗi, chưa nhập" in html and "nằm ngoài địa bàn được giao cho bạn" in html
    job = Job.objects.get()
    assert client.get(f"/tac-vu/{job.pk}/tep-ket-qua/").status_code == 200
    rows[1] = person_row(household="H2", name="Trần Văn Bảo", born="01/01/1990")
    with run_jobs():
        response = client.post("/nhap-tep/", {"kind": "households", "file": upload(xlsx(PERSONS_HEADER, rows))})
    assert "Xác nhận nhập" in client.get(response.url).content.decode()
    fixed = Job.objects.latest("id")
    with run_jobs():
        client.post(f"/tac-vu/{fixed.pk}/xac-nhan/")
    assert "Hoàn thành" in client.get(f"/tac-vu/{fixed.pk}/").content.decode()
    assert Household.objects.count() == 2 and Person.objects.count() == 2


def test_jobs_are_private(client, officer_a, officer_b, run_jobs):
    with run_jobs():
        from jobs.services import import_start

        job = import_start(by=officer_a, kind="households", file=upload(xlsx(PERSONS_HEADER, [person_row()])))
    client.force_login(officer_b)
    assert client.get(f"/tac-vu/{job.pk}/").status_code == 404
    assert client.get(f"/tac-vu/{job.pk}/tep-ket-qua/").status_code == 404
    assert client.post(f"/tac-vu/{job.pk}/xac-nhan/").status_code == 404
    assert "Chưa có tác vụ nào" in client.get("/tac-vu/").content.decode()
