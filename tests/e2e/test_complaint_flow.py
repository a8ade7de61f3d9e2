"""A complaint in a real browser: received from a person's page, assigned by the commune's chairman (a complaint
about no particular decision is the commune's), worked and resolved by the officer, then counted in the monthly
report the Sở downloads as PDF. Screenshots in var/e2e/."""

import pytest

from accounts.models import Role
from tests.e2e.test_month_flow import shot, sign_in, user
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_complaint_through_the_browser(browser, live_server, tree, settings):
    settings.SECURE_SSL_REDIRECT = False
    user(Role.COMMUNE_OFFICER, tree["bac_giang"], "e2e.canbo")
    user(Role.COMMUNE_LEADER, tree["bac_giang"], "e2e.chutich")
    user(Role.SO_SPECIALIST, tree["bac_ninh"], "e2e.chuyenvien")
    person = make_person(tree["bac_giang"], full_name="Đoàn Thị Huệ")

    officer = sign_in(browser, live_server, "e2e.canbo")
    officer.goto(f"{live_server.url}/doi-tuong/{person.pk}/")
    officer.click("text=Tiếp nhận đơn về người này")
    officer.select_option("#id_kind", "complaint")
    officer.select_option("#id_channel", "in_person")
    officer.check("#id_complainant_is_subject")
    officer.fill("#id_content", "Gia đình đã nộp hồ sơ trợ cấp từ tháng 8 nhưng chưa được xét.")
    officer.click("button.primary")
    officer.wait_for_selector("text=Đã tiếp nhận đơn")
    complaint_url = officer.url
    shot(officer, "c1_commune_received")

    chairman = sign_in(browser, live_server, "e2e.chutich")
    chairman.goto(f"{live_server.url}/don-thu/")
    chairman.click("text=Đoàn Thị Huệ >> xpath=ancestor::tr//a")
    chairman.select_option("#id_assignee", label="e2e.canbo · Cán bộ xã")
    chairman.click("text=Giao xử lý")
    chairman.wait_for_selector("text=Đã cập nhật đơn")
    shot(chairman, "c2_chairman_assigned")

    officer.goto(complaint_url)
    officer.click("text=Bắt đầu giải quyết")
    officer.click("text=Thụ lý đơn")  # accepted today: the settlement deadline runs from now
    officer.wait_for_selector("text=Đang giải quyết")
    officer.fill("#id_text", "Đã làm việc với gia đình; hồ sơ đủ điều kiện.")
    officer.click("text=Thêm ghi chú")
    officer.fill("#id_resolution", "Hồ sơ đã được gửi Sở; giải thích cho gia đình về thời gian xét duyệt.")
    officer.click("text=Kết thúc: đã giải quyết")
    officer.wait_for_selector("text=Đã giải quyết")
    assert "Đã làm việc với gia đình" in officer.content()
    shot(officer, "c3_commune_resolved")

    specialist = sign_in(browser, live_server, "e2e.chuyenvien")
    specialist.goto(f"{live_server.url}/don-thu/bao-cao/")
    assert "Phường Bắc Giang" in specialist.content()
    shot(specialist, "c4_report")
    with specialist.expect_download() as download:
        specialist.click("text=Tải PDF")
    assert download.value.suggested_filename.endswith(".pdf")
