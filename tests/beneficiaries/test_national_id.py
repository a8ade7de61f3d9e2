import datetime

import pytest

from beneficiaries.validators import national_id_errors

CODES = {"001", "024", "027", "079"}
D1950 = datetime.date(1950, 5, 1)
D2001 = datetime.date(2001, 2, 3)


def errors(number, sex="male", born=D1950):
    return national_id_errors(number, sex=sex, date_of_birth=born, known_province_codes=CODES)


@pytest.mark.parametrize("number,sex,born", [
    ("027050000123", "male", D1950),
    ("027150000123", "female", D1950),
    ("001201000001", "male", D2001),
    ("079301999999", "female", D2001),
])
def test_good_numbers_pass(number, sex, born):
    assert errors(number, sex, born) == []


@pytest.mark.parametrize("number", ["02705000012", "0270500001234", "02705000012a", ""])
def test_must_be_twelve_digits(number):
    assert errors(number) == ["Số định danh cá nhân phải gồm đúng 12 chữ số."]


def test_unknown_province_code():
    assert errors("003050000123") == ["Ba số đầu “003” không phải mã tỉnh hợp lệ."]


def test_sex_mismatch():
    assert errors("027150000123", sex="male") == ["Số thứ 4 (1) không khớp giới tính đã khai."]
    assert errors("027050000123", sex="female") == ["Số thứ 4 (0) không khớp giới tính đã khai."]


def test_century_mismatch():
    # digit 2 means born 2000–2099, but the person was born in 1950
    assert errors("027250000123") == ["Số thứ 4 (2) không khớp thế kỷ của năm sinh 1950."]


def test_year_mismatch():
    assert errors("027051000123") == ["Số thứ 5–6 (51) không khớp năm sinh 1950."]


def test_several_problems_are_all_reported():
    assert len(errors("003251000123")) == 3
