"""Imports that go through the services row by row (profiles, poverty reviews) and the area statistics;
the other background jobs (indicator snapshot)."""

import datetime

import pytest

from beneficiaries.imports import MeritProfileImport, PovertyReviewImport, ProtectionProfileImport
from beneficiaries.models import MeritProfile, PovertyReview, ProtectionProfile
from common.models import Transition
from indicators.imports import AreaStatisticImport
from indicators.models import AreaStatistic
from jobs.models import JobStatus
from jobs.services import import_confirm, import_start
from tests.factories import make_household, make_person
from tests.helpers import an_id, upload, xlsx

pytestmark = pytest.mark.django_db


def header(spec):
    return [c.title for c in spec.columns]


def run(user, spec, rows, run_jobs, *, confirm=True, **options):
    with run_jobs():
        job = import_start(by=user, kind=spec.kind, file=upload(xlsx(header(spec), rows)), **options)
    job.refresh_from_db()
    if confirm and job.status == JobStatus.READY:
        with run_jobs():
            import_confirm(by=user, job=job)
        job.refresh_from_db()
    return job


def test_protection_profiles_enter_as_submitted_when_asked(officer_a, officer_b, tree, run_jobs):
    old = make_person(tree["bac_giang"], full_name="Cụ Già", national_id=an_id(born=datetime.date(1940, 1, 1)),
                      date_of_birth=datetime.date(1940, 1, 1))
    theirs = make_person(tree["tay_yen_tu"], national_id=an_id(serial=42))
    rows = [[old.national_id, "", "NCT_80 Người từ đủ 80 tuổi", "", "", ""],
            ["", theirs.pk, "NCT_80", "", "", ""]]
    job = run(officer_a, ProtectionProfileImport(), rows, run_jobs, submit=True)
    assert job.status == JobStatus.INVALID  # the other commune's person is not found, and nothing is saved
    assert job.errors == [{"sheet": "Dữ liệu", "row": 3, "column": "Số định danh cá nhân (CCCD)",
                           "message": f"Không tìm thấy người “{theirs.pk}” trong địa bàn của bạn."}]
    assert ProtectionProfile.objects.count() == 0
    job = run(officer_a, ProtectionProfileImport(), rows[:1], run_jobs, submit=True)
    assert job.status == JobStatus.SUCCEEDED and job.counts["submitted"] == 1
    profile = ProtectionProfile.objects.get()
    assert profile.status == "submitted" and profile.submitted_by == officer_a
    assert Transition.objects.filter(object_id=profile.pk, to_status="submitted").count() == 1
    # the same file again: the profile is already open, refused by the service's rule
    again = run(officer_a, ProtectionProfileImport(), rows[:1], run_jobs)
    assert again.status == JobStatus.INVALID and "đã có hồ sơ nhóm này" in again.errors[0]["message"]


def test_merit_profiles_with_the_services_rules(officer_a, tree, run_jobs):
    veteran = make_person(tree["bac_giang"], national_id=an_id(serial=7))
    rows = [[veteran.national_id, "", "THUONG_BINH", "15", "QĐ 12", "01/02/1975", "", ""],
            [veteran.national_id, "", "NOPE", "", "", "", "", ""]]
    job = run(officer_a, MeritProfileImport(), rows, run_jobs)
    assert {(e["row"], e["column"]) for e in job.errors} == {(2, "Tỷ lệ tổn thương (%)"), (3, "Diện người có công")}
    rows = [[veteran.national_id, "", "THUONG_BINH", "61", "QĐ 12", "01/02/1975", "", ""]]
    job = run(officer_a, MeritProfileImport(), rows, run_jobs)
    assert job.status == JobStatus.SUCCEEDED
    profile = MeritProfile.objects.get()
    assert profile.status == "draft" and profile.injury_rate == 61
    assert profile.recognition_decision_date == datetime.date(1975, 2, 1)
    assert profile.war_invalid_type == "A" and profile.flags == []


def test_merit_profiles_carry_the_type_flags_and_seniority(officer_a, tree, run_jobs):
    invalid = make_person(tree["bac_giang"], national_id=an_id(serial=8))
    elder = make_person(tree["bac_giang"], national_id=an_id(serial=9))
    rows = [[invalid.national_id, "", "THUONG_BINH", "85", "", "", "", "", "Thương binh loại B (Phụ lục III)",
             "song_o_gia_dinh, dac_biet_nang", ""],
            [elder.national_id, "", "LT_CM", "", "", "", "", "", "", "thoat_ly", "12"],
            [elder.national_id, "", "TU_DAY", "", "", "", "", "", "", "bay", ""]]
    job = run(officer_a, MeritProfileImport(), rows, run_jobs)
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "Đặc điểm")]
    job = run(officer_a, MeritProfileImport(), rows[:2], run_jobs)
    assert job.status == JobStatus.SUCCEEDED
    tb, lt = MeritProfile.objects.order_by("category_id").reverse()
    assert (tb.war_invalid_type, tb.flags) == ("B", ["dac_biet_nang", "song_o_gia_dinh"])
    assert (lt.flags, lt.seniority_years) == (["thoat_ly"], 12)


def test_protection_profiles_of_the_studying_group_need_the_end_of_the_course(officer_a, tree, run_jobs):
    student = make_person(tree["bac_giang"], national_id=an_id(serial=11), date_of_birth=datetime.date(2008, 3, 3))
    row = [student.national_id, "", "TN_16_22", "", "", "", ""]
    job = run(officer_a, ProtectionProfileImport(), [row], run_jobs)
    assert job.status == JobStatus.INVALID and "cần ngày kết thúc khoá học" in job.errors[0]["message"]
    job = run(officer_a, ProtectionProfileImport(), [row[:-1] + ["30/06/2027"]], run_jobs)
    assert job.status == JobStatus.SUCCEEDED
    assert ProtectionProfile.objects.get().studying_until == datetime.date(2027, 6, 30)


def test_poverty_reviews_are_classified_by_the_service(officer_a, tree, run_jobs):
    household = make_household(tree["tay_yen_tu"], code="HRS1")
    make_person(tree["tay_yen_tu"], household=household)
    mine = make_household(tree["bac_giang"], code="HRS2")
    rows = [["HRS2", "2025", "1.200.000", "VIEC_LAM, BHYT; NUOC_SH"], ["HRS1", "2025", "900000", ""]]
    job = run(officer_a, PovertyReviewImport(), rows, run_jobs)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Mã hộ")]  # another commune's household
    job = run(officer_a, PovertyReviewImport(), rows[:1], run_jobs)
    review = PovertyReview.objects.get()
    assert job.status == JobStatus.SUCCEEDED and review.household == mine and review.deprivation_count == 3
    assert job.counts["reviews"] == 1 and job.counts[review.classification] == 1


def test_area_statistics_all_or_nothing_and_upsert(specialist, officer_a, run_jobs):
    spec = AreaStatisticImport()
    bad = [["07210", 2026, 1200, 4800, "Rà soát"], ["99999", 2026, 1, 1, "x"]]
    job = run(specialist, spec, bad, run_jobs)
    assert job.errors == [{"sheet": "Dữ liệu", "row": 3, "column": "Mã địa bàn",
                           "message": "Không có đơn vị mã “99999”."}]
    assert AreaStatistic.objects.count() == 0
    good = [["07210 Phường Bắc Giang", 2026, 1200, 4800, "Rà soát"], [7616, 2026, 900, None, ""]]
    assert run(specialist, spec, good, run_jobs).status == JobStatus.SUCCEEDED
    assert run(specialist, spec, good, run_jobs).status == JobStatus.SUCCEEDED  # again: upsert
    assert AreaStatistic.objects.count() == 2
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_start(by=officer_a, kind=spec.kind, file=upload(xlsx(header(spec), good)))


def test_the_statistics_page_uploads_through_a_job(client, specialist, officer_a, run_jobs):
    client.force_login(specialist)
    with run_jobs():
        response = client.post("/chi-tieu/so-lieu-dan-cu/", {"file": upload(
            b"area_code,year,households,population,source\n07210,2026,1200,4800,Ra soat\n", "s.csv")})
    assert response.status_code == 302
    assert "Xác nhận nhập" in client.get(response.url).content.decode()
    client.force_login(officer_a)
    assert client.post("/chi-tieu/so-lieu-dan-cu/", {"file": upload(b"x", "s.csv")}).status_code == 403


def test_indicator_snapshot_runs_as_a_job(client, specialist, officer_a, tree, run_jobs):
    from indicators.models import IndicatorSnapshot

    client.force_login(specialist)
    with run_jobs():
        response = client.post("/chi-tieu/chot-so-lieu/", {"area": "24", "as_of": "2026-06-30"})
    page = client.get(response.url).content.decode()
    assert "Hoàn thành" in page and IndicatorSnapshot.objects.filter(area__code="24").exists()
    client.force_login(officer_a)
    assert client.post("/chi-tieu/chot-so-lieu/", {"area": "24"}, follow=True).status_code == 200
    assert IndicatorSnapshot.objects.filter(as_of=datetime.date.today()).count() == 0
