"""Form fields as Vietnamese users type: amounts with "." between thousands (1.500.000), dates as dd/mm/yyyy
whatever the browser's language, and errors that say what to type."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from common.numbers import money

# A text box, not the browser's date picker: that one shows the browser's language (11/30/2026 in English).
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                                                       "autocomplete": "off"})
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")  # as written on paper; ISO as clients and links send it
BAD_DATE = _("Ngày “%(value)s” không đúng: nhập ngày/tháng/năm, ví dụ 30/11/2026.")
WITHOUT_DECISION = _("Duyệt khi chưa có số quyết định")
DECISION_MISSING = _("Nhập số và ngày quyết định, hoặc đánh dấu “Duyệt khi chưa có số quyết định”.")
_GROUPED = re.compile(r"\d{1,3}(?:([., \u00a0])\d{3})(?:\1\d{3})*")  # 1.500.000, 1,500,000, 1 500 000


def parse_day(text: str) -> datetime.date:
    """A date typed as dd/mm/yyyy (d/m/yyyy too) or yyyy-mm-dd; ValueError with BAD_DATE otherwise."""
    text = (text or "").strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(str(BAD_DATE % {"value": text}))


def decision_missing(decision_no, decision_date, without_decision) -> bool:
    """A page approves with the decision's number and date, or with an explicit "approve without them"
    (``WITHOUT_DECISION``); the API keeps both optional: clients send what they have."""
    return not (str(decision_no or "").strip() and decision_date) and not without_decision


class DayField(forms.DateField):
    """A date read and shown as dd/mm/yyyy (ISO accepted), with a message that shows how to type it."""

    widget = DATE_WIDGET
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": _("Ngày không đúng: nhập ngày/tháng/năm, ví dụ 30/11/2026.")}


class AmountField(forms.IntegerField):
    """Whole đồng, typed as people write them: 1.500.000, 1 500 000, 1,500,000 or 1500000.

    A plain integer field reads "1.000" as 1 (it drops a trailing ".000"): for money that is a thousandfold
    error, so every amount on a page goes through this field.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.500.000", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Số tiền là số đồng, chỉ gồm chữ số và dấu chấm ngăn hàng nghìn, ví dụ 1.500.000."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("đ").removesuffix("₫").strip()
            if _GROUPED.fullmatch(value):
                value = re.sub(r"[., \u00a0]", "", value)
            elif not value.isdigit() and value:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def prepare_value(self, value):
        return money(value) if isinstance(value, int) else value
