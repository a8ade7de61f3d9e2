import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beneficiaries.models import Household, MeritProfile, Person, ProtectionProfile
from beneficiaries.services import profiles
from tests.factories import make_protection_profile, national_id_for


@pytest.fixture
def officer_client(client, officer_a):
    client.force_login(officer_a)
    return client


def registration(**overrides):
    data = {
        "a-area": "07210", "h-household_code": "", "h-address": "Tổ 7",
        "p-full_name": "Phạm Thị Dung", "p-date_of_birth": "02/03/1940", "p-sex": "female",
        "p-national_id": national_id_for("female", datetime.date(1940, 3, 2)), "p-ethnicity": "Kinh",
        "p-relation_to_head": "", "p-payment_channel": "cash",
        "k-profile_kind": "protection", "k-submit_now": "on",
        "pp-group": "NCT_80", "pp-living_arrangement": "alone",
    }
    data.update(overrides)
    return data


def test_register_household_person_and_profile_in_one_go(officer_client):
    response = officer_client.post("/doi-tuong/dang-ky/", registration(), follow=True)
    html = response.content.decode()
    assert "Đã đăng ký Phạm Thị Dung" in html
    person = Person.objects.get(full_name="Phạm Thị Dung")
    assert person.household.head == person and person.date_of_birth == datetime.date(1940, 3, 2)
    assert ProtectionProfile.objects.get(person=person).status == "submitted"


def test_add_a_member_from_the_household_page(officer_client, officer_b, client, household_a, person_a):
    household_page = officer_client.get(f"/ho-gia-dinh/{household_a.pk}/").content.decode()
    link = f"/doi-tuong/dang-ky/?ho={household_a.code}"
    assert f'href="{link}"' in household_page
    assert f'href="{link}"' in officer_client.get(f"/doi-tuong/{person_a.pk}/").content.decode()
    form = officer_client.get(link).content.decode()
    assert f"Thêm thành viên vào hộ {household_a.code}" in form
    assert f'name="h-household_code" value="{household_a.code}"' in form
    assert '<option value="07210" selected>' in form
    response = officer_client.post(link, registration(**{"h-household_code": household_a.code, "h-address": "",
                                                         "p-relation_to_head": "child", "k-profile_kind": ""}),
                                   follow=True)
    assert "Đã đăng ký Phạm Thị Dung" in response.content.decode()
    assert Person.objects.get(full_name="Phạm Thị Dung").household == household_a
    client.force_login(officer_b)  # another commune's officer: no such household for them
    assert client.get(link).status_code == 404


def test_the_chosen_profile_section_stays_open_after_an_error(officer_client):
    html = officer_client.post("/doi-tuong/dang-ky/", registration(**{"pp-group": ""})).content.decode()
    assert '<details data-profile-section="protection" open>' in html
    assert '<details data-profile-section="merit">' in html


def test_registration_is_all_or_nothing(officer_client):
    response = officer_client.post("/doi-tuong/dang-ky/", registration(**{
        "k-profile_kind": "merit", "m-category": "THUONG_BINH", "m-injury_rate": "15"}))
    assert response.status_code == 200
    assert "cần tỷ lệ tổn thương cơ thể từ 21% đến 100%" in response.content.decode()
    assert Person.objects.count() == 0 and Household.objects.count() == 0 and MeritProfile.objects.count() == 0


def test_registration_shows_field_errors_in_vietnamese(officer_client):
    response = officer_client.post("/doi-tuong/dang-ky/", registration(**{"p-national_id": "027040000001"}))
    html = response.content.decode()
    assert "Số thứ 4 (0) không khớp giới tính đã khai." in html
    assert Person.objects.count() == 0


def test_possible_duplicate_asks_for_confirmation(officer_client, person_a):
    data = registration(**{"p-full_name": "nguyen van anh", "p-date_of_birth": "01/05/1950", "p-sex": "male",
                           "p-national_id": "", "k-profile_kind": ""})
    html = officer_client.post("/doi-tuong/dang-ky/", data).content.decode()
    assert "cùng họ tên và ngày sinh" in html
    assert Person.objects.count() == 1
    officer_client.post("/doi-tuong/dang-ky/", {**data, "p-confirm_duplicate": "on"})
    assert Person.objects.count() == 2


def test_person_list_is_scoped_and_searches_without_accents(officer_client, person_a, person_b):
    html = officer_client.get("/doi-tuong/", {"q": "nguyen van anh"}).content.decode()
    assert "Nguyễn Văn Ánh" in html
    html = officer_client.get("/doi-tuong/").content.decode()
    assert "Trần Thị Bình" not in html  # another commune


def test_person_of_another_commune_is_404(officer_client, person_b):
    assert officer_client.get(f"/doi-tuong/{person_b.pk}/").status_code == 404
    assert officer_client.get(f"/doi-tuong/{person_b.pk}/sua/").status_code == 404


def test_person_page_shows_profiles_history_and_actions(officer_client, officer_a, person_a):
    make_protection_profile(person_a, by=officer_a)
    officer_client.post(f"/doi-tuong/{person_a.pk}/sua/", {
        "full_name": "Nguyễn Văn Ánh", "date_of_birth": "01/05/1950", "sex": "male",
        "national_id": person_a.national_id, "ethnicity": "Kinh", "relation_to_head": "head",
        "payment_channel": "cash", "phone": "0912345678"})
    html = officer_client.get(f"/doi-tuong/{person_a.pk}/").content.decode()
    assert "Người từ đủ 80 tuổi" in html and "Gửi Sở duyệt" in html
    assert "Lịch sử thay đổi" in html and "0912345678" in html and "sửa" in html


def test_review_queue_approve_and_refusals(client, officer_a, specialist, chairman_a, chairman_b, person_a):
    profile = profiles.profile_submit(by=officer_a, profile=make_protection_profile(person_a, by=officer_a))
    client.force_login(officer_a)
    assert client.get("/duyet-ho-so/").status_code == 403
    client.force_login(specialist)  # the Sở Nội vụ: social assistance is not its to decide, nor to queue
    assert "Nguyễn Văn Ánh" not in client.get("/duyet-ho-so/").content.decode()
    client.force_login(chairman_b)  # another commune's chairman
    assert "Nguyễn Văn Ánh" not in client.get("/duyet-ho-so/").content.decode()
    client.force_login(chairman_a)
    assert "Nguyễn Văn Ánh" in client.get("/duyet-ho-so/").content.decode()
    response = client.post(f"/ho-so/protection/{profile.pk}/reject/", {"reason": ""}, follow=True)
    assert "Cần ghi lý do." in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == "submitted"
    response = client.post(f"/ho-so/protection/{profile.pk}/approve/",
                           {"decision_no": "9/QĐ", "decision_date": "20/11/2026", "next": "/duyet-ho-so/"},
                           follow=True)
    assert "Không có hồ sơ nào chờ duyệt." in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == "approved" and profile.decision_date == datetime.date(2026, 11, 20)


def test_the_review_queue_is_filtered_by_commune_and_kind(client, specialist, officer_a, officer_b, person_a, tree):
    from beneficiaries.models import MeritProfile
    from tests.factories import make_merit_profile, make_person

    other = make_person(tree["tay_yen_tu"], full_name="Trần Văn Khải", by=officer_b)
    for person, by in ((person_a, officer_a), (other, officer_b)):
        profiles.profile_submit(by=by, profile=make_merit_profile(person, by=by))
    client.force_login(specialist)  # the Sở Nội vụ decides merit profiles of every commune
    everyone = client.get("/duyet-ho-so/").content.decode()
    assert "Nguyễn Văn Ánh" in everyone and "Trần Văn Khải" in everyone
    one = client.get("/duyet-ho-so/", {"xa": "07210"}).content.decode()
    assert "Nguyễn Văn Ánh" in one and "Trần Văn Khải" not in one
    none = client.get("/duyet-ho-so/", {"loai": "protection"}).content.decode()
    assert "Không có hồ sơ nào chờ duyệt." in none
    assert MeritProfile.objects.filter(status="submitted").count() == 2


def test_officer_cannot_act_on_another_communes_profile(client, officer_b, officer_a, person_a):
    profile = make_protection_profile(person_a, by=officer_a)
    client.force_login(officer_b)
    assert client.post(f"/ho-so/protection/{profile.pk}/submit/").status_code == 404


def test_returned_list_shows_the_reason_and_allows_fixing(client, officer_a, chairman_a, person_a):
    profile = profiles.profile_submit(by=officer_a, profile=make_protection_profile(person_a, by=officer_a))
    profiles.profile_return(by=chairman_a, profile=profile, reason="Thiếu ảnh chân dung")
    client.force_login(officer_a)
    html = client.get("/ho-so-tra-lai/").content.decode()
    assert "Thiếu ảnh chân dung" in html
    response = client.post(f"/ho-so/protection/{profile.pk}/sua/", {"group": "NCT_80",
                                                                     "living_arrangement": "alone"})
    assert response.status_code == 302
    client.post(f"/ho-so/protection/{profile.pk}/submit/")
    profile.refresh_from_db()
    assert profile.status == "submitted" and profile.living_arrangement == "alone"


def test_poverty_review_page_shows_the_classification(officer_client, household_a):
    response = officer_client.post(f"/ho-gia-dinh/{household_a.pk}/ra-soat/", {
        "year": "2025", "income_per_capita": "2000000", "deprivations": ["BHYT", "NUOC_SH", "NHA_TIEU"]},
        follow=True)
    assert "Kết quả rà soát năm 2025: Hộ nghèo (3 chỉ số thiếu hụt)." in response.content.decode()


def test_document_upload_and_download_are_scoped(client, officer_a, officer_b, person_a):
    client.force_login(officer_a)
    scan = SimpleUploadedFile("cccd.png", b"\x89PNG\r\n\x1a\n fake", content_type="image/png")
    client.post(f"/doi-tuong/{person_a.pk}/giay-to/", {"kind": "id_card", "title": "CCCD", "file": scan})
    document = person_a.documents.get()
    assert client.get(f"/giay-to/{document.pk}/tai-ve/").status_code == 200
    client.force_login(officer_b)
    assert client.get(f"/giay-to/{document.pk}/tai-ve/").status_code == 404


def test_seed_demo_fills_every_status(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    statuses = set(MeritProfile.objects.values_list("status", flat=True)) | set(
        ProtectionProfile.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved", "rejected", "suspended", "ended"}
    assert Person.objects.count() > 200
    from programs.models import Admission, Enrollment

    assert Enrollment.objects.filter(status="approved").count() > 20
    assert Enrollment.objects.filter(status="submitted").exists() and Admission.objects.exists()
    from housing.models import HousingCase

    assert {"proposed", "surveyed", "in_progress", "completed"} <= set(
        HousingCase.objects.values_list("status", flat=True))


def test_admin_shows_records_read_only_with_history(client, tree, person_a):
    from accounts.models import Role
    from tests.factories import make_user

    client.force_login(make_user(Role.ADMIN, None))
    page = client.get(f"/quan-tri/beneficiaries/person/{person_a.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nguyễn Văn Ánh" in html and 'name="full_name"' not in html  # shown, not editable
    assert "pghistory" in html  # the audit-history button
    assert client.get("/quan-tri/beneficiaries/povertystandard/").status_code == 200


def test_history_on_the_page_uses_labels_and_readable_values(client, officer_a, chairman_a, person_a):
    from beneficiaries.services import profiles
    from tests.factories import make_protection_profile

    profile = profiles.profile_submit(by=officer_a, profile=make_protection_profile(person_a, by=officer_a))
    profiles.profile_approve(by=chairman_a, profile=profile)
    client.force_login(officer_a)
    html = client.get(f"/doi-tuong/{person_a.pk}/").content.decode()
    assert "Trạng thái: Đã gửi → <strong>Đã duyệt</strong>" in html
    assert "Người duyệt: ∅ → <strong>chutich.a</strong>" in html


def test_history_and_timeline_name_records_and_format_values(client, officer_a, chairman_a, household_a, person_a):
    """Words, not codes: the timeline's statuses, the household's head by name, not its number."""
    from common.audit import history_of

    household_a.head = person_a
    household_a.save()
    profile = profiles.profile_submit(by=officer_a, profile=make_protection_profile(person_a, by=officer_a))
    profiles.profile_approve(by=chairman_a, profile=profile)
    client.force_login(officer_a)
    html = client.get(f"/doi-tuong/{person_a.pk}/").content.decode()
    assert "Đã gửi → <strong>Đã duyệt</strong>" in html and "submitted →" not in html
    html = client.get(f"/ho-gia-dinh/{household_a.pk}/").content.decode()
    assert "Chủ hộ: ∅ → <strong>Nguyễn Văn Ánh</strong>" in html
    assert ("chủ hộ", "", "Nguyễn Văn Ánh") in history_of(household_a, user=officer_a)[0]["display"]


def test_history_values_read_as_written_on_paper():
    from common.audit import _readable
    from housing.models import HousingCase

    assert _readable(HousingCase, "approved_amount", 30_000_000, {}) == "30.000.000"
    assert _readable(HousingCase, "floor_area", "36.0", {}) == "36"
    assert _readable(HousingCase, "floor_area", 36.5, {}) == "36,5"
    assert _readable(HousingCase, "decision_date", "2026-11-30", {}) == "30/11/2026"


def test_other_commune_cannot_open_or_review_a_household(client, officer_b, household_a):
    client.force_login(officer_b)
    assert client.get(f"/ho-gia-dinh/{household_a.pk}/").status_code == 404
    assert client.get(f"/ho-gia-dinh/{household_a.pk}/ra-soat/").status_code == 404
    assert client.post(f"/ho-gia-dinh/{household_a.pk}/ra-soat/", {
        "year": "2025", "income_per_capita": "1", "deprivations": []}).status_code == 404
    assert not household_a.poverty_reviews.exists()


def test_poverty_review_page_refuses_bad_input(client, officer_a, household_a):
    client.force_login(officer_a)
    html = client.post(f"/ho-gia-dinh/{household_a.pk}/ra-soat/", {"year": "2010", "income_per_capita": "5"})\
        .content.decode()
    assert "Năm rà soát phải từ 2022" in html
    assert not household_a.poverty_reviews.exists()
