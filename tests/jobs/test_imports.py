"""Importing households and persons from Excel: preview with per-cell errors, confirm, all or nothing."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from beneficiaries.models import Household, Person
from jobs.models import Job, JobStatus
from jobs.services import import_confirm, import_start
from tests.factories import make_household, make_person
from tests.helpers import PERSONS_HEADER, an_id, person_row, upload, xlsx

pytestmark = pytest.mark.django_db


def start(user, rows, run_jobs, header=PERSONS_HEADER, kind="households", name="ho.xlsx", content=None, **options):
    with run_jobs():
        job = import_start(by=user, kind=kind, file=upload(content or xlsx(header, rows), name), **options)
    job.refresh_from_db()
    return job


def confirm(user, job, run_jobs):
    with run_jobs():
        import_confirm(by=user, job=job)
    job.refresh_from_db()
    return job


def family():
    return [
        person_row(national_id=an_id(serial=1)),
        person_row(name="Trần Thị Bình", born="02/09/1955", sex="Nữ", relation="Vợ/chồng",
                   national_id=an_id("female", datetime.date(1955, 9, 2), serial=2), address=""),
        person_row(name="Nguyễn Văn Cường", born="1980", relation="Con", national_id=""),
        person_row(household="HNHAP02", name="Lê Văn Dũng", born="1948-07-01", address="Thôn Tây",
                   national_id=an_id(born=datetime.date(1948, 7, 1), serial=3), payment_channel="Tài khoản ngân hàng",
                   bank_code="VBA", account_number="1234567", account_holder="LE VAN DUNG"),
    ]


def test_a_clean_file_is_checked_then_imported_whole(officer_a, run_jobs):
    job = start(officer_a, family(), run_jobs)
    assert job.status == JobStatus.READY, job.errors
    assert job.counts["persons"] == 4 and job.counts["households_new"] == 2
    assert Person.objects.count() == 0  # nothing before the confirmation

    job = confirm(officer_a, job, run_jobs)
    assert job.status == JobStatus.SUCCEEDED and job.counts["persons"] == 4
    first = Household.objects.get(code="HNHAP01")
    assert first.head.full_name == "Nguyễn Văn An" and first.members.count() == 3 and first.address == "Thôn Đông"
    son = Person.objects.get(full_name="Nguyễn Văn Cường")
    assert son.birth_year_only and son.date_of_birth == datetime.date(1980, 1, 1)
    assert Person.objects.get(full_name="Lê Văn Dũng").payment_channel == "bank"
    # the audit history names the import as the source of every record
    from common.audit import history_of

    event = history_of(son, user=None)[0]
    assert event["action"] == "tạo mới" and event["user"] == str(officer_a)
    assert event["source"] == f"import #{job.pk}"


def test_one_bad_cell_imports_nothing_and_names_that_cell(officer_a, run_jobs):
    rows = family()
    rows[2][PERSONS_HEADER.index("Ngày sinh *")] = "31/02/1980"
    job = start(officer_a, rows, run_jobs)
    assert job.status == JobStatus.INVALID
    assert job.errors == [{"sheet": "Dữ liệu", "row": 4, "column": "Ngày sinh",
                           "message": "Ngày 31/02/1980 không tồn tại."}]
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    # the marked copy: the same rows, the bad cell named in a "Lỗi" column, and the list of errors
    book = CalamineWorkbook.from_filelike(io.BytesIO(job.result.open("rb").read()))
    data = book.get_sheet_by_name("Dữ liệu").to_python()
    assert data[0][-1] == "Lỗi" and data[3][-1] == "Ngày sinh: Ngày 31/02/1980 không tồn tại." and data[1][-1] == ""
    assert book.get_sheet_by_name("Danh sách lỗi").to_python()[1] == ["Dữ liệu", 4.0, "Ngày sinh",
                                                                      "Ngày 31/02/1980 không tồn tại."]
    with pytest.raises(Exception, match="đã kiểm tra không có lỗi"):
        import_confirm(by=officer_a, job=job)


def test_rules_of_the_forms_apply_to_each_row(officer_a, run_jobs):
    rows = [
        person_row(national_id="027150000001"),  # digit 4 (1) says female
        person_row(household="H2", name="Phạm Văn Em", relation="Con", born="01/01/2030"),  # future, no head
        person_row(household="H3", name="Hoàng Thị Gấm", sex="Nữ", payment_channel="Ví điện tử", address=""),
    ]
    job = start(officer_a, rows, run_jobs)
    found = {(e["row"], e["column"]) for e in job.errors}
    assert (2, "Số định danh cá nhân (CCCD)") in found
    assert (3, "Ngày sinh") in found and (3, "Quan hệ với chủ hộ") in found
    assert {(4, "Mã ngân hàng/ví"), (4, "Số tài khoản/ví"), (4, "Chủ tài khoản"), (4, "Địa chỉ hộ")} <= found


def test_every_error_of_a_row_is_reported_at_once(officer_a, run_jobs):
    """A row whose birth date cannot be read, or whose commune is unknown, still has its other cells checked:
    one upload shows every error of the file."""
    rows = [
        person_row(born="31/02/1950", national_id="02715000001", phone="12345",
                   payment_channel="Tài khoản ngân hàng"),
        person_row(household="H2", commune="99999", national_id="12345", sex=""),
    ]
    job = start(officer_a, rows, run_jobs)
    found = {(e["row"], e["column"]) for e in job.errors}
    assert {(2, "Ngày sinh"), (2, "Số định danh cá nhân (CCCD)"), (2, "Điện thoại"), (2, "Mã ngân hàng/ví"),
            (2, "Số tài khoản/ví"), (2, "Chủ tài khoản")} <= found
    assert {(3, "Mã xã/phường"), (3, "Số định danh cá nhân (CCCD)"), (3, "Giới tính")} <= found
    assert len(job.errors) == len({(e["row"], e["column"], e["message"]) for e in job.errors})  # each once
    assert not [e for e in job.errors if e["row"] == 2 and e["column"] == "Ngày sinh" and "tương lai" in e["message"]]


def test_duplicates_in_the_file_and_in_the_database(officer_a, tree, run_jobs):
    known = make_person(tree["tay_yen_tu"], full_name="Đỗ Văn Hùng", date_of_birth=datetime.date(1960, 1, 2),
                        national_id=an_id(born=datetime.date(1960, 1, 2), serial=77))
    same_id = an_id(serial=5)
    rows = [
        person_row(national_id=same_id),
        person_row(household="H2", name="Nguyen Van An", relation="Chủ hộ", national_id=same_id),  # both repeat
        person_row(household="H3", name="Do Van Hung", born="02/01/1960", national_id=known.national_id),
        person_row(household="H4", name="Đỗ Văn Hùng", born="02/01/1960", not_duplicate="x"),  # checked: another
    ]
    job = start(officer_a, rows, run_jobs)
    messages = {(e["row"], e["message"]) for e in job.errors}
    assert (3, "Trùng số định danh với dòng 2.") in messages
    assert any(r == 3 and m.startswith("Trùng họ tên và ngày sinh với dòng 2") for r, m in messages)
    assert (4, f"Số định danh {known.national_id} đã được đăng ký cho một người khác.") in messages
    assert any(r == 4 and "Đã có 1 người cùng họ tên và ngày sinh trong tỉnh (Xã Tây Yên Tử)" in m
               for r, m in messages)
    assert not any(r == 5 for r, _m in messages)


def test_an_officer_cannot_import_into_another_commune(officer_a, officer_b, tree, run_jobs):
    theirs = make_household(tree["tay_yen_tu"], code="HTHEIRS")
    rows = [person_row(commune="07616"), person_row(household="HTHEIRS", commune="07210", relation="Con"),
            person_row(household="H9", commune="24")]
    job = start(officer_a, rows, run_jobs)
    assert {(e["row"], e["column"], e["message"]) for e in job.errors} == {
        (2, "Mã xã/phường", "“Xã Tây Yên Tử” nằm ngoài địa bàn được giao cho bạn."),
        (3, "Mã hộ", "Hộ “HTHEIRS” thuộc địa bàn khác."),
        (4, "Mã xã/phường", "Phải chọn một xã/phường/đặc khu, không phải đơn vị cấp trên."),
    }
    assert theirs.members.count() == 0 and Person.objects.count() == 0


def test_members_join_an_existing_household(officer_a, tree, run_jobs):
    household = make_household(tree["bac_giang"], code="HCO")
    head = make_person(tree["bac_giang"], household=household, full_name="Chủ Hộ Cũ")
    household.head = head
    household.save()
    rows = [person_row(household="HCO", name="Con Mới", relation="Con", born="05/05/2010", address=""),
            person_row(household="HCO", name="Chủ Mới", relation="Chủ hộ", born="05/05/1970", address="")]
    job = start(officer_a, rows, run_jobs)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Quan hệ với chủ hộ")]
    job = start(officer_a, rows[:1], run_jobs)
    job = confirm(officer_a, job, run_jobs)
    assert job.status == JobStatus.SUCCEEDED and household.members.count() == 2
    household.refresh_from_db()
    assert household.head == head


def test_a_failing_job_leaves_no_partial_data(officer_a, run_jobs, monkeypatch):
    job = start(officer_a, family(), run_jobs)

    from beneficiaries import imports

    real = imports.copy_insert

    def broken(model, objs, fields):  # the persons are written, then the disk fills up
        if model is Household:
            raise RuntimeError("disk full")
        return real(model, objs, fields)

    monkeypatch.setattr(imports, "copy_insert", broken)
    job = confirm(officer_a, job, run_jobs)
    assert job.status == JobStatus.FAILED and "RuntimeError" in job.message
    assert Household.objects.count() == 0 and Person.objects.count() == 0


def test_the_file_changed_in_the_database_since_the_check(officer_a, tree, run_jobs):
    job = start(officer_a, family(), run_jobs)
    make_person(tree["bac_giang"], full_name="Người Khác", national_id=an_id(serial=1))
    job = confirm(officer_a, job, run_jobs)
    assert job.status == JobStatus.INVALID and job.error_count == 1
    assert Person.objects.count() == 1


def test_bad_files_are_refused_as_a_whole(officer_a, run_jobs):
    job = start(officer_a, [], run_jobs, header=["Họ và tên", "Cột lạ"])
    assert {e["message"] for e in job.errors} >= {"Cột “Cột lạ” không có trong mẫu.",
                                                   "Thiếu cột bắt buộc “Mã hộ”."}
    job = start(officer_a, [], run_jobs, content=b"\xff\xfe", name="x.csv")
    assert job.errors[0]["message"] == "Tệp CSV phải mã hoá UTF-8."
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_start(by=officer_a, kind="households", file=upload(b"x", "x.pdf"))
    with pytest.raises(ValidationError):
        import_start(by=officer_a, kind="nothing", file=upload(b"x"))


def test_csv_and_numbers_typed_into_excel(officer_a, run_jobs):
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(PERSONS_HEADER)
    writer.writerow(person_row(national_id=an_id(serial=9)))
    job = start(officer_a, [], run_jobs, content=text.getvalue().encode("utf-8-sig"), name="ho.csv")
    assert job.status == JobStatus.READY, job.errors
    # Excel turns 027150000009 typed in a general cell into the number 27150000009: the zero comes back
    row = person_row(national_id=int(an_id(serial=9)), commune=7210)
    job = start(officer_a, [row], run_jobs)
    assert job.status == JobStatus.READY, job.errors


def test_an_export_imports_back(client, officer_a, tree, run_jobs):
    job = start(officer_a, family(), run_jobs)
    confirm(officer_a, job, run_jobs)
    before = sorted(Person.objects.values_list("full_name", "date_of_birth", "birth_year_only", "national_id",
                                               "household__code", "relation_to_head", "payment_channel",
                                               "account_number"))
    client.force_login(officer_a)
    exported = client.get("/doi-tuong/", {"export": "xlsx"}).content
    Household.objects.update(head=None)
    Person.objects.all().delete()
    Household.objects.all().delete()
    job = start(officer_a, [], run_jobs, content=exported)
    assert job.status == JobStatus.READY, job.errors
    confirm(officer_a, job, run_jobs)
    after = sorted(Person.objects.values_list("full_name", "date_of_birth", "birth_year_only", "national_id",
                                              "household__code", "relation_to_head", "payment_channel",
                                              "account_number"))
    assert after == before


def test_only_the_uploader_confirms(officer_a, specialist, run_jobs):
    from django.core.exceptions import PermissionDenied

    job = start(officer_a, family(), run_jobs)
    with pytest.raises(PermissionDenied):
        import_confirm(by=specialist, job=job)
    assert Job.objects.get(pk=job.pk).status == JobStatus.READY
