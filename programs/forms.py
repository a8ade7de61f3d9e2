from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import DATE_WIDGET
from programs.models import Program

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class EnrollmentForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Chính sách"), queryset=Program.objects.filter(is_active=True),
                                     to_field_name="code")
    start_date = forms.DateField(label=_("Hưởng từ ngày"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    end_date = forms.DateField(label=_("Đến ngày (nếu có)"), widget=DATE_WIDGET, input_formats=DATE_FORMATS,
                               required=False)
    submit_now = forms.BooleanField(label=_("Gửi Sở duyệt ngay"), required=False, initial=True)


class EnrollmentActionForm(forms.Form):
    reason = forms.CharField(required=False)
    decision_no = forms.CharField(required=False, max_length=50)
    decision_date = forms.DateField(required=False, input_formats=DATE_FORMATS)
    from_date = forms.DateField(required=False, input_formats=DATE_FORMATS)
    to_date = forms.DateField(required=False, input_formats=DATE_FORMATS)
    end_date = forms.DateField(required=False, input_formats=DATE_FORMATS)


class DayForm(forms.Form):
    ngay = forms.DateField(label=_("Ngày"), required=False, input_formats=DATE_FORMATS, widget=DATE_WIDGET)
