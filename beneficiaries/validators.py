"""Checks on identity numbers and contact data (DOMAIN.md §5), with Vietnamese messages."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DIGITS_12 = re.compile(r"^\d{12}$")
DIGITS_9 = re.compile(r"^\d{9}$")
DIGITS_10 = re.compile(r"^\d{10}$")
PHONE = re.compile(r"^0\d{9}$")


def national_id_errors(national_id: str, *, sex: str | None, date_of_birth: datetime.date | None,
                       known_province_codes: set[str]) -> list[str]:
    """Return what is wrong with a 12-digit personal ID, in Vietnamese (empty if it is right).

    TT 59/2021/TT-BCA: digits 1–3 the province where the birth was registered;
    digit 4 encodes century and sex (0/1 = male/female born 1900–1999, 2/3 for
    2000–2099, and so on by pairs); digits 5–6 the last two digits of the birth year.
    """
    if not DIGITS_12.match(national_id):
        return [_("Số định danh cá nhân phải gồm đúng 12 chữ số.")]
    errors = []
    if national_id[:3] not in known_province_codes:
        errors.append(_("Ba số đầu “%(code)s” không phải mã tỉnh hợp lệ.") % {"code": national_id[:3]})
    if date_of_birth is not None:
        century_digit = int(national_id[3])
        century, is_female = divmod(century_digit, 2)
        if 1900 + 100 * century != date_of_birth.year // 100 * 100:
            errors.append(_("Số thứ 4 (%(digit)s) không khớp thế kỷ của năm sinh %(year)s.")
                          % {"digit": century_digit, "year": date_of_birth.year})
        elif sex and (sex == "female") != bool(is_female):
            errors.append(_("Số thứ 4 (%(digit)s) không khớp giới tính đã khai.") % {"digit": century_digit})
        if national_id[4:6] != f"{date_of_birth.year % 100:02d}":
            errors.append(_("Số thứ 5–6 (%(yy)s) không khớp năm sinh %(year)s.")
                          % {"yy": national_id[4:6], "year": date_of_birth.year})
    return errors


def validate_old_id(value: str) -> None:
    if value and not DIGITS_9.match(value):
        raise ValidationError(_("Số CMND cũ phải gồm đúng 9 chữ số."))


def validate_social_insurance_number(value: str) -> None:
    if value and not DIGITS_10.match(value):
        raise ValidationError(_("Mã số BHXH phải gồm đúng 10 chữ số."))


def validate_phone(value: str) -> None:
    if value and not PHONE.match(value):
        raise ValidationError(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."))
