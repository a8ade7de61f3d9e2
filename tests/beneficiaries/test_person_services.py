import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from beneficiaries.models import Household, Person
from beneficiaries.services.persons import household_create, household_update, person_register, person_update
from tests.factories import make_household, make_user, national_id_for

BORN = datetime.date(1950, 5, 1)


def register(by, area, **fields):
    data = dict(full_name="Lê Văn Cường", date_of_birth=BORN, sex="male")
    data.update(fields)
    return person_register(by=by, area=area, **data)


def field_errors(exc_info, field):
    return exc_info.value.message_dict[field]


def test_officer_registers_a_person_in_their_commune(officer_a, tree):
    person = register(officer_a, tree["bac_giang"], national_id=national_id_for("male", BORN))
    assert person.area == tree["bac_giang"]
    assert person.created_by == officer_a


def test_name_is_stored_nfc(officer_a, tree):
    decomposed = "Nguye\u0302\u0303n Va\u0306n A\u0301nh"
    person = register(officer_a, tree["bac_giang"], full_name=decomposed)
    assert person.full_name == "Nguyễn Văn Ánh"


def test_officer_cannot_register_in_another_commune(officer_b, tree):
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        register(officer_b, tree["bac_giang"])
    assert Person.objects.count() == 0


def test_viewer_cannot_register(tree):
    viewer = make_user(Role.VIEWER, tree["bac_ninh"])
    with pytest.raises(PermissionDenied, match="Vai trò"):
        register(viewer, tree["bac_giang"])


def test_person_must_live_in_a_commune(specialist, tree):
    with pytest.raises(ValidationError) as exc:
        register(specialist, tree["bac_ninh"])
    assert field_errors(exc, "area") == ["Phải chọn một xã/phường/đặc khu, không phải đơn vị cấp trên."]


def test_birth_date_not_in_future(officer_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], date_of_birth=datetime.date.today() + datetime.timedelta(days=1))
    assert field_errors(exc, "date_of_birth") == ["Ngày sinh không được ở tương lai."]


def test_death_after_birth(officer_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], date_of_death=datetime.date(1949, 1, 1))
    assert field_errors(exc, "date_of_death") == ["Ngày mất phải sau ngày sinh."]


def test_bad_id_is_refused_with_the_reason(officer_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], national_id="027150000123")  # digit 4 says female
    assert field_errors(exc, "national_id") == ["Số thứ 4 (1) không khớp giới tính đã khai."]
    assert Person.objects.count() == 0


def test_identical_id_is_refused_outright(officer_a, officer_b, tree):
    number = national_id_for("male", BORN)
    register(officer_a, tree["bac_giang"], national_id=number)
    with pytest.raises(ValidationError) as exc:
        register(officer_b, tree["tay_yen_tu"], full_name="Người Khác", national_id=number, confirm_duplicate=True)
    assert field_errors(exc, "national_id") == [f"Số định danh {number} đã được đăng ký cho một người khác."]


def test_same_name_and_birth_date_in_province_needs_confirmation(officer_a, officer_b, tree):
    register(officer_a, tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    with pytest.raises(ValidationError) as exc:
        register(officer_b, tree["tay_yen_tu"], full_name="nguyen van anh")
    message = field_errors(exc, "confirm_duplicate")[0]
    assert "Đã có 1 người cùng họ tên và ngày sinh trong tỉnh (Phường Bắc Giang)" in message
    assert Person.objects.count() == 1
    register(officer_b, tree["tay_yen_tu"], full_name="nguyen van anh", confirm_duplicate=True)
    assert Person.objects.count() == 2


def test_same_name_in_another_province_is_not_a_duplicate(officer_a, tree):
    register(officer_a, tree["bac_giang"], full_name="Nguyễn Văn Ánh")
    hanoi = make_user(Role.COMMUNE_OFFICER, tree["ba_dinh"])
    register(hanoi, tree["ba_dinh"], full_name="Nguyễn Văn Ánh")
    assert Person.objects.count() == 2


def test_bank_channel_needs_account(officer_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], payment_channel="bank", bank_code="VBA")
    errors = exc.value.message_dict
    assert "account_number" in errors and "account_holder" in errors and "bank_code" not in errors


def test_phone_and_old_id_formats(officer_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], phone="12345", old_id_number="12")
    assert field_errors(exc, "phone") == ["Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."]
    assert field_errors(exc, "old_id_number") == ["Số CMND cũ phải gồm đúng 9 chữ số."]


def test_household_members_live_in_its_commune(specialist, tree):
    household = make_household(tree["bac_giang"])
    with pytest.raises(ValidationError) as exc:
        register(specialist, tree["tay_yen_tu"], household=household, relation_to_head="head")
    assert "phải cư trú tại xã/phường của hộ" in field_errors(exc, "household")[0]


def test_member_needs_a_relation(officer_a, household_a, tree):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], household=household_a)
    assert field_errors(exc, "relation_to_head") == ["Cần ghi quan hệ với chủ hộ."]


def test_registering_the_head_sets_the_household_head(officer_a, household_a, tree):
    head = register(officer_a, tree["bac_giang"], household=household_a, relation_to_head="head")
    household_a.refresh_from_db()
    assert household_a.head == head
    with pytest.raises(ValidationError) as exc:
        register(officer_a, tree["bac_giang"], full_name="Chủ hộ thứ hai", household=household_a,
                 relation_to_head="head")
    assert "Hộ này đã có chủ hộ" in field_errors(exc, "relation_to_head")[0]


def test_birth_year_only_is_stored_as_first_of_january(officer_a, tree):
    person = register(officer_a, tree["bac_giang"], date_of_birth=datetime.date(1935, 6, 15), birth_year_only=True)
    assert person.date_of_birth == datetime.date(1935, 1, 1)


def test_household_code_is_generated(officer_a, tree):
    household = household_create(by=officer_a, area=tree["bac_giang"], address="Tổ 3")
    assert household.code.startswith("H07210")
    other = household_create(by=officer_a, area=tree["bac_giang"], address="Tổ 4")
    assert other.code != household.code


def test_household_code_must_be_unique(officer_a, tree):
    household_create(by=officer_a, area=tree["bac_giang"], address="Tổ 3", code="HGD-1")
    with pytest.raises(ValidationError) as exc:
        household_create(by=officer_a, area=tree["bac_giang"], address="Tổ 4", code="HGD-1")
    assert field_errors(exc, "code") == ["Mã hộ “HGD-1” đã tồn tại."]
    assert Household.objects.count() == 1


def test_household_outside_scope_is_refused(officer_b, tree):
    with pytest.raises(PermissionDenied):
        household_create(by=officer_b, area=tree["bac_giang"], address="Tổ 3")


def test_head_must_be_a_member(officer_a, household_a, tree):
    stranger = register(officer_a, tree["bac_giang"], full_name="Người ngoài hộ")
    with pytest.raises(ValidationError) as exc:
        household_update(by=officer_a, household=household_a, head=stranger)
    assert field_errors(exc, "head") == ["Chủ hộ phải là thành viên của hộ."]


def test_update_applies_the_same_rules_and_changes_nothing_on_error(officer_a, person_a):
    with pytest.raises(ValidationError):
        person_update(by=officer_a, person=person_a, phone="abc", full_name="Tên mới")
    person_a.refresh_from_db()
    assert person_a.full_name == "Nguyễn Văn Ánh"
    person_update(by=officer_a, person=person_a, phone="0912345678")
    person_a.refresh_from_db()
    assert person_a.phone == "0912345678"


def test_officer_of_another_commune_cannot_update(officer_b, person_a):
    with pytest.raises(PermissionDenied):
        person_update(by=officer_b, person=person_a, phone="0912345678")
