from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import DATE_WIDGET
from programs.models import Program


class EnrollmentForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Chính sách"), queryset=Program.objects.filter(is_active=True),
                                     to_field_name="code")
    start_date = forms.DateField(label=_("Hưởng từ ngày"), widget=DATE_WIDGET, required=False,
                                 help_text=_("Để trống: ngày mất (hỗ trợ mai táng) hoặc đầu tháng này. Trợ cấp hưu "
                                             "trí xã hội hưởng từ tháng ký quyết định."))
    end_date = forms.DateField(label=_("Đến ngày (nếu có)"), widget=DATE_WIDGET,
                               required=False)
    submit_now = forms.BooleanField(label=_("Gửi Sở duyệt ngay"), required=False, initial=True)


class DayForm(forms.Form):
    ngay = forms.DateField(label=_("Ngày"), required=False, widget=DATE_WIDGET)
