"""Amounts and dates typed the way Vietnamese users write them (common.forms)."""

import datetime

import pytest
from django import forms

from common.forms import AmountField, DayField, parse_day


class AmountForm(forms.Form):
    amount = AmountField(min_value=1)


@pytest.mark.parametrize("typed", ["1.500.000", "1500000", "1 500 000", "1,500,000", "1.500.000 đ", " 1.500.000₫ "])
def test_an_amount_is_read_as_people_write_it(typed):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 1_500_000


def test_a_thousand_is_a_thousand_not_one():
    """A plain IntegerField drops a trailing ".000": "1.000" would be 1 đồng."""
    assert forms.IntegerField().clean("1.000") == 1  # the trap
    assert AmountField().clean("1.000") == 1000


@pytest.mark.parametrize("typed", ["1,5", "1.50.000", "1.500,000", "15tr", "-1.000", "1.5"])
def test_an_unclear_amount_is_refused_with_an_example(typed):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert "ví dụ 1.500.000" in form.errors["amount"][0]


def test_an_amount_is_shown_with_dots():
    assert 'value="1.500.000"' in str(AmountForm(initial={"amount": 1_500_000})["amount"])


def test_a_day_is_read_as_dd_mm_yyyy_and_shown_so():
    field = DayField()
    assert field.clean("30/11/2026") == field.clean("2026-11-30") == datetime.date(2026, 11, 30)
    assert field.clean("1/2/2026") == datetime.date(2026, 2, 1)
    with pytest.raises(forms.ValidationError, match="ví dụ 30/11/2026"):
        field.clean("11/30/2026")
    assert 'value="01/02/2026"' in field.widget.render("d", datetime.date(2026, 2, 1))
    assert 'type="text"' in field.widget.render("d", None)  # not the browser's picker, in its own language


def test_parse_day_says_what_to_type():
    assert parse_day(" 05/12/2026 ") == datetime.date(2026, 12, 5)
    with pytest.raises(ValueError, match="“31/02/2026” không đúng: nhập ngày/tháng/năm"):
        parse_day("31/02/2026")
