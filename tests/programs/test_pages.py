import datetime

from programs.models import Enrollment, Facility
from programs.services.facilities import admission_create
from tests.factories import make_enrollment, make_person, make_protection_profile


def test_enrol_from_the_person_page(client, officer_a, elderly):
    client.force_login(officer_a)
    response = client.post(f"/doi-tuong/{elderly.pk}/de-nghi-huong/", {
        "program": "TCXH_HANG_THANG", "start_date": "01/01/2025", "submit_now": "on"}, follow=True)
    assert "Đã đề nghị hưởng “Trợ cấp xã hội hằng tháng”" in response.content.decode()
    assert Enrollment.objects.get(person=elderly).status == "submitted"


def test_ineligible_enrolment_shows_why_and_saves_nothing(client, officer_a, tree):
    person = make_person(tree["bac_giang"])
    client.force_login(officer_a)
    response = client.post(f"/doi-tuong/{person.pk}/de-nghi-huong/", {
        "program": "UU_DAI_HANG_THANG", "start_date": "01/01/2025", "submit_now": "on"}, follow=True)
    assert "chưa có hồ sơ được duyệt thuộc diện “Người có công”" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_person_page_shows_enrollments_with_this_months_amount(client, officer_a, elderly):
    make_enrollment(elderly, "TCXH_HANG_THANG", start=datetime.date(2025, 1, 1))
    client.force_login(officer_a)
    html = client.get(f"/doi-tuong/{elderly.pk}/").content.decode()
    assert "Chế độ hưởng" in html and "Trợ cấp xã hội hằng tháng" in html and "500.000 ₫" in html


def test_the_commune_chairman_approves_a_monthly_allowance_in_the_queue(client, specialist, chairman_a, elderly,
                                                                        officer_a):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", status="submitted")
    Enrollment.objects.filter(pk=enrollment.pk).update(submitted_by=officer_a)
    client.force_login(officer_a)
    assert client.get("/chinh-sach/cho-duyet/").status_code == 403
    client.force_login(specialist)  # the Sở Nội vụ: not its case, not in its queue
    assert "Lê Thị Tâm" not in client.get("/chinh-sach/cho-duyet/").content.decode()
    client.force_login(chairman_a)
    queue = client.get("/chinh-sach/cho-duyet/").content.decode()
    assert "Lê Thị Tâm" in queue and "500.000 ₫" in queue  # what it would pay, before it is approved
    assert 'Duyệt chế độ <span class="count" title="đang chờ bạn">1</span>' in queue  # in the menu, on every page
    assert "Lê Thị Tâm" in client.get("/chinh-sach/cho-duyet/", {"xa": "07210", "chinh_sach": "TCXH_HANG_THANG"})\
        .content.decode()
    merit_only = client.get("/chinh-sach/cho-duyet/", {"chinh_sach": "UU_DAI_HANG_THANG"}).content.decode()
    assert "Lê Thị Tâm" not in merit_only
    refused = client.post(f"/huong-che-do/{enrollment.pk}/approve/", {"decision_no": "7/QĐ"}, follow=True)
    assert "Nhập số và ngày quyết định, hoặc đánh dấu" in refused.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "submitted"
    client.post(f"/huong-che-do/{enrollment.pk}/approve/", {"decision_no": "7/QĐ", "decision_date": "01/12/2026",
                                                          "next": "/chinh-sach/cho-duyet/"})
    enrollment.refresh_from_db()
    assert enrollment.status == "approved" and enrollment.decision_no == "7/QĐ"
    assert 'Duyệt chế độ <span class="count"' not in client.get("/").content.decode()  # counted again at once


def test_approving_without_a_decision_number_is_an_explicit_choice(client, chairman_a, officer_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", status="submitted")
    Enrollment.objects.filter(pk=enrollment.pk).update(submitted_by=officer_a)
    client.force_login(officer_a)
    page = client.get(f"/doi-tuong/{elderly.pk}/").content.decode()
    assert "dự kiến khi duyệt" in page and "500.000 ₫" in page  # not "0 ₫" while pending
    client.force_login(chairman_a)
    client.post(f"/huong-che-do/{enrollment.pk}/approve/", {"without_decision": "1"})
    enrollment.refresh_from_db()
    assert enrollment.status == "approved" and enrollment.decision_no == ""


def test_an_approved_profile_waits_for_its_allowance_and_is_proposed_from_the_queue(client, officer_a, chairman_a,
                                                                                    elderly):
    """After the approval, the officer proposes the monthly allowance from "Hồ sơ bị trả lại", in one click."""
    client.force_login(officer_a)
    page = client.get("/ho-so-tra-lai/").content.decode()
    assert "Đã duyệt, chưa đề nghị hưởng trợ cấp hằng tháng" in page and "Lê Thị Tâm" in page
    response = client.post(f"/doi-tuong/{elderly.pk}/de-nghi-huong/", {
        "program": "TCXH_HANG_THANG", "start_date": "", "submit_now": "on", "next": "/ho-so-tra-lai/"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/ho-so-tra-lai/"
    assert "Đã đề nghị hưởng “Trợ cấp xã hội hằng tháng” cho Lê Thị Tâm." in html
    assert "Đã duyệt, chưa đề nghị hưởng" not in html  # no longer waiting
    assert Enrollment.objects.get(person=elderly).status == "submitted"
    client.force_login(chairman_a)
    assert "Đã duyệt, chưa đề nghị" not in client.get("/ho-so-tra-lai/").content.decode()  # proposing: registrars


def test_other_commune_cannot_act_on_an_enrollment(client, officer_b, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", status="draft")
    client.force_login(officer_b)
    assert client.post(f"/huong-che-do/{enrollment.pk}/submit/").status_code == 404


def test_program_page_shows_rules_in_force_on_a_chosen_date(client, officer_a):
    client.force_login(officer_a)
    before = client.get("/chinh-sach/UU_DAI_HANG_THANG/", {"ngay": "30/06/2024"}).content.decode()
    assert "Không có quy tắc mức hưởng nào áp dụng vào ngày này." in before
    assert "2.055.000 ₫" in before  # the merit standard then
    after = client.get("/chinh-sach/UU_DAI_HANG_THANG/", {"ngay": "01/07/2024"}).content.decode()
    assert "2.884.000 ₫" in after and "2.789.000 ₫" in after
    # the derived rows of NĐ 77 are flagged until an administrator checks them against the decree
    assert "24 dòng là số liệu suy ra (M)" in after and after.count("Suy ra — chưa đối chiếu") == 24
    assert "<code>TB_55</code>" in after and "loại B" in after and "Vết thương/bệnh tật đặc biệt nặng" in after


def test_program_page_shows_a_provincial_standard(client, officer_a, tree):
    from programs.models import BenefitStandard

    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn TGXH tỉnh", province=tree["bac_ninh"],
                                   amount=650_000, valid_from=datetime.date(2026, 1, 1), legal_basis="NQ HĐND")
    client.force_login(officer_a)
    html = client.get("/chinh-sach/TCXH_HANG_THANG/", {"ngay": "01/02/2026"}).content.decode()
    assert "Tỉnh Bắc Ninh: 650.000 ₫ từ 01/01/2026" in html and "500.000 ₫" in html


def test_facility_list_shows_occupancy(client, specialist, tree, elderly):
    facility = Facility.objects.create(code="TT", name="Trung tâm Công tác xã hội", capacity=40,
                                       area=tree["bac_giang"])
    admission_create(by=specialist, person=elderly, facility=facility, admitted_on=datetime.date(2025, 1, 1))
    client.force_login(specialist)
    html = client.get("/co-so-tro-giup/").content.decode()
    assert "Trung tâm Công tác xã hội" in html and "<td class=\"num\">1</td>" in html and ">39<" in html


def test_the_expected_amount_is_for_the_first_month_paid_and_never_a_silent_zero(client, chairman_a, officer_a,
                                                                                 elderly, tree):
    """A proposal starting next month shows next month's amount; one back-dated from the 1st of an earlier month
    shows this month's; one that ended before this month has no month to show: "Chưa xác định", not 0 ₫."""
    from django.utils import timezone

    from programs.calculator import month_start
    from programs.views import with_expected_amounts

    this_month = month_start(timezone.localdate())
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    later = make_enrollment(elderly, "TCXH_HANG_THANG", status="submitted", start=next_month)
    earlier = make_enrollment(elderly, "TCXH_HANG_THANG", status="submitted", start=datetime.date(2025, 1, 1),
                              end=datetime.date(2025, 6, 30))
    back_dated = make_enrollment(make_person(tree["bac_giang"], full_name="Ngô Thị Lành",
                                             date_of_birth=datetime.date(1940, 2, 2)),
                                 "TCXH_HANG_THANG", status="submitted", start=datetime.date(2025, 1, 1))
    make_protection_profile(back_dated.person, group="NCT_80", status="approved")
    with_expected_amounts([later, earlier, back_dated])
    assert (later.expected_month, later.this_month, later.has_problem) == (next_month, 500_000, False)
    assert (back_dated.expected_month, back_dated.this_month, back_dated.has_problem) == (this_month, 500_000, False)
    assert earlier.has_problem  # its months are over: no amount to promise, said so
    Enrollment.objects.filter(pk__in=[later.pk, earlier.pk, back_dated.pk]).update(submitted_by=officer_a)
    client.force_login(chairman_a)
    queue = client.get("/chinh-sach/cho-duyet/").content.decode()
    assert "Chưa xác định được mức: duyệt thì chưa chi được" in queue
    assert f"({next_month:%m/%Y})" in queue and f"({this_month:%m/%Y})" in queue


def test_a_queue_filter_on_another_communes_code_shows_nothing_of_it(client, chairman_a, officer_b, tree):
    """The commune list is the user's scope: another commune's code is not a choice, and narrows nothing."""
    other = make_person(tree["tay_yen_tu"], full_name="Người xã khác", date_of_birth=datetime.date(1940, 1, 1))
    enrollment = make_enrollment(other, "TCXH_HANG_THANG", status="submitted")
    Enrollment.objects.filter(pk=enrollment.pk).update(submitted_by=officer_b)
    client.force_login(chairman_a)
    for params in ({"xa": "07616"}, {}):
        page = client.get("/chinh-sach/cho-duyet/", params)
        assert page.status_code == 200 and "Người xã khác" not in page.content.decode()
    assert "Người xã khác" not in client.get("/duyet-ho-so/", {"xa": "07616"}).content.decode()
