import datetime

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from accounts.models import Role, User
from tests.factories import make_user


def test_login_page_is_in_vietnamese(client, db):
    response = client.get("/dang-nhap/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/"


def test_wrong_password_shows_a_vietnamese_error(client, officer_a):
    response = client.post("/dang-nhap/", {"username": "canbo.a", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_login_reaches_the_dashboard_with_the_role_menu(client, officer_a):
    response = client.post("/dang-nhap/", {"username": "canbo.a", "password": "mat-khau-thu-nghiem"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "Tổng quan" in html and "Cán bộ xã" in html
    assert "Chỉ tiêu kế hoạch — Phường Bắc Giang" in html and "Tỷ lệ hộ nghèo" in html
    assert "/quan-tri/" not in html  # no admin menu for an officer


def test_admin_sees_the_admin_menu(client, tree):
    client.force_login(make_user(Role.ADMIN, tree["bac_ninh"]))
    assert "/quan-tri/" in client.get("/").content.decode()


def test_logout_ends_the_session(client, officer_a):
    client.force_login(officer_a)
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_404_page_is_in_vietnamese(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_page_is_in_vietnamese(rf, officer_a):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = officer_a
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_english_browsers_still_get_vietnamese(client, db):
    html = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tên đăng nhập" in html


def test_admin_site_is_closed_to_officers(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/quan-tri/").status_code == 302  # to the admin login


def test_area_page_searches_without_accents(client, officer_a):
    client.force_login(officer_a)
    html = client.get("/don-vi-hanh-chinh/", {"q": "tay yen tu"}).content.decode()
    assert "<code>07616</code>" in html and "<code>07210</code>" not in html


def test_area_page_has_a_helpful_empty_state(client, officer_a):
    client.force_login(officer_a)
    html = client.get("/don-vi-hanh-chinh/", {"q": "khong co"}).content.decode()
    assert "Không có đơn vị nào khớp điều kiện lọc" in html


def test_dates_and_numbers_use_vietnamese_formats():
    with translation.override("vi"):
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ d|date }} {{ n|floatformat:'0g' }}").render(
            Context({"d": datetime.date(2026, 1, 5), "n": 1500000})
        )
    assert rendered == "05/01/2026 05/01/2026 1.500.000"


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_seed_demo_creates_one_user_per_role_and_can_run_twice(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    # admin, viewer, a specialist and a leader per department, an officer and a chairman per demo commune
    assert User.objects.count() == 1 + 1 + 6 + 5 + 5
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(User.objects.filter(role=Role.SO_LEADER).values_list("agency", flat=True)) == {"noi_vu", "y_te",
                                                                                             "nn_mt"}
    assert User.objects.filter(role=Role.COMMUNE_LEADER).values("area").distinct().count() == 5
    officers = User.objects.filter(role=Role.COMMUNE_OFFICER)
    assert officers.values("area").distinct().count() == 5
    out = capsys.readouterr().out
    assert "canbo.bacgiang" in out and "chutich.bacgiang" in out and "Sở Nội vụ" in out and "mật khẩu chung" in out
    from complaints.models import Complaint

    assert Complaint.objects.count() == 15  # three per demo commune, not doubled by the second run
    from payments.models import PaymentBatch

    # social assistance: one batch per commune, approved by its chairman; merit: one province batch (Sở Nội vụ)
    tcxh = PaymentBatch.objects.filter(program__code="TCXH_HANG_THANG")
    assert tcxh.count() == 5 and set(tcxh.values_list("area__level", flat=True)) == {"commune"}
    assert all(b.approved_by.role == Role.COMMUNE_LEADER and b.approved_by.area_id == b.area_id for b in tcxh)
    merit = PaymentBatch.objects.get(program__code="UU_DAI_HANG_THANG")
    assert merit.area.code == "24" and merit.approved_by.agency == "noi_vu"
    assert set(Complaint.objects.values_list("status", flat=True)) == {"received", "in_progress", "resolved"}
