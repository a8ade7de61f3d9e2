import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from accounts.models import Role, User
from accounts.services import staff_create

PASSWORD = "mot-mat-khau-dai"


def test_creates_a_commune_officer_scoped_to_a_commune(tree):
    user = staff_create(username="canbo", password=PASSWORD, role="commune_officer", area_code="07210",
                        full_name="Phạm Văn Hùng")
    assert user.role == Role.COMMUNE_OFFICER
    assert user.area == tree["bac_giang"]
    assert user.check_password(PASSWORD) is True
    assert user.is_staff is False


def test_refuses_a_commune_officer_scoped_to_a_province(tree):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="canbo", password=PASSWORD, role="commune_officer", area_code="24")
    assert "Cán bộ, lãnh đạo xã phải được giao một xã" in exc.value.message_dict["area"][0]
    assert not User.objects.filter(username="canbo").exists()


def test_refuses_an_unknown_role(tree):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password=PASSWORD, role="mayor", area_code="24")
    assert "Vai trò “mayor” không hợp lệ" in exc.value.message_dict["role"][0]


def test_refuses_an_unknown_area(tree):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password=PASSWORD, role="viewer", area_code="98765")
    assert exc.value.message_dict["area"] == ["Không có đơn vị hành chính mã “98765”."]


def test_refuses_a_non_admin_without_area(tree):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password=PASSWORD, role="so_specialist", area_code=None)
    assert "phải được giao một địa bàn" in exc.value.message_dict["area"][0]


def test_refuses_an_inactive_area(tree):
    tree["tay_yen_tu"].is_active = False
    tree["tay_yen_tu"].save()
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password=PASSWORD, role="commune_officer", area_code="07616")
    assert "ngừng hiệu lực" in exc.value.message_dict["area"][0]


def test_refuses_a_weak_password(tree):
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password="123", role="viewer", area_code="24")
    assert "password" in exc.value.message_dict
    assert not User.objects.filter(username="x").exists()


def test_refuses_a_taken_username(tree):
    staff_create(username="x", password=PASSWORD, role="viewer", area_code="24")
    with pytest.raises(ValidationError) as exc:
        staff_create(username="x", password=PASSWORD, role="so_leader", area_code="24")
    assert "đã được dùng" in exc.value.message_dict["username"][0]
    assert User.objects.get(username="x").role == Role.VIEWER


def test_admin_may_have_no_area_and_gets_the_admin_site(db):
    user = staff_create(username="root", password=PASSWORD, role="admin", area_code=None)
    assert user.area is None
    assert user.is_staff is True and user.is_superuser is True


def test_database_refuses_a_scoped_role_without_area(db):
    with pytest.raises(IntegrityError):
        User.objects.create(username="nobody", role=Role.VIEWER, area=None)


def test_command_creates_and_reports(tree, capsys):
    call_command("create_staff", "--username", "lanhdao", "--password", PASSWORD, "--role", "so_leader",
                 "--area", "24", "--full-name", "Trần Văn Minh", "--agency", "y_te")
    assert "Đã tạo lanhdao (Lãnh đạo Sở, Sở Y tế, Tỉnh Bắc Ninh)" in capsys.readouterr().out
    user = User.objects.get(username="lanhdao")
    assert user.full_name == "Trần Văn Minh" and user.agency == "y_te"


def test_a_so_account_needs_its_department_and_others_have_none(tree):
    with pytest.raises(CommandError, match="agency: Chuyên viên, lãnh đạo Sở phải thuộc một Sở"):
        call_command("create_staff", "--username", "cv", "--password", PASSWORD, "--role", "so_specialist",
                     "--area", "24")
    with pytest.raises(ValidationError) as exc:
        staff_create(username="cv", password=PASSWORD, role="so_specialist", area_code="24", agency="lao_dong")
    assert "Cơ quan “lao_dong” không hợp lệ" in exc.value.message_dict["agency"][0]
    with pytest.raises(ValidationError) as exc:
        staff_create(username="cb", password=PASSWORD, role="commune_officer", area_code="07210", agency="y_te")
    assert "agency" in exc.value.message_dict
    viewer = staff_create(username="tk", password=PASSWORD, role="viewer", area_code="24", agency="noi_vu")
    assert viewer.agency == "noi_vu"  # a viewer may be narrowed to one department


def test_a_commune_leader_is_scoped_to_a_commune(tree):
    leader = staff_create(username="chutich", password=PASSWORD, role="commune_leader", area_code="07210")
    assert leader.get_role_display() == "Lãnh đạo UBND xã"
    with pytest.raises(ValidationError):
        staff_create(username="chutich2", password=PASSWORD, role="commune_leader", area_code="24")


def test_assign_agency_to_an_account_made_before_the_reform(tree, capsys):
    old = User(username="cu", role=Role.SO_SPECIALIST, area=tree["bac_ninh"])
    old.set_password(PASSWORD)
    old.save()  # as existing rows were: no department
    call_command("assign_agency", "cu", "noi_vu")
    assert "cu: Sở Nội vụ." in capsys.readouterr().out
    old.refresh_from_db()
    assert old.agency == "noi_vu"
    with pytest.raises(CommandError, match="Cơ quan"):
        call_command("assign_agency", "cu", "so_ldtbxh")
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("assign_agency", "khong_co", "y_te")


def test_admin_lists_so_accounts_without_a_department(tree, client):
    admin_user = User.objects.create_superuser("quantri", password=PASSWORD, area=None)
    old = User(username="cu", role=Role.SO_LEADER, area=tree["bac_ninh"])
    old.save()
    client.force_login(admin_user)
    page = client.get("/quan-tri/accounts/user/", {"co_quan": "thieu"}).content.decode()
    assert "1 tài khoản Sở chưa được giao Sở" in page and ">cu<" in page


def test_command_reports_every_error_and_creates_nothing(tree):
    with pytest.raises(CommandError) as exc:
        call_command("create_staff", "--username", "u", "--password", PASSWORD, "--role", "boss", "--area", "0")
    assert "role:" in str(exc.value) and "area:" in str(exc.value)
    assert User.objects.count() == 0


def test_admin_site_access_follows_the_role(tree):
    user = staff_create(username="root", password=PASSWORD, role="admin", area_code="24")
    user.role = Role.VIEWER
    user.save(update_fields=["role"])
    user.refresh_from_db()
    assert user.is_staff is False and user.is_superuser is False


def test_command_without_password_and_without_a_terminal_is_refused(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="Thiếu --password"):
        call_command("create_staff", "--username", "u", "--role", "viewer", "--area", "24")


def test_superuser_from_createsuperuser_is_an_admin(db):
    user = User.objects.create_superuser("boss", password=PASSWORD)
    assert user.role == Role.ADMIN and user.is_staff is True
