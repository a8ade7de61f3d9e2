from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import CommuneFilterForm
from common.forms import DayField
from programs.models import Program


class EnrollmentForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Chính sách"), queryset=Program.objects.filter(is_active=True),
                                     to_field_name="code")
    start_date = DayField(label=_("Hưởng từ ngày"), required=False,
                                 help_text=_("Để trống: ngày mất (hỗ trợ mai táng) hoặc đầu tháng này. Trợ cấp hưu "
                                             "trí xã hội hưởng từ tháng ký quyết định."))
    end_date = DayField(label=_("Đến ngày (nếu có)"),
                               required=False)
    submit_now = forms.BooleanField(label=_("Gửi Sở duyệt ngay"), required=False, initial=True)


class DayForm(forms.Form):
    ngay = DayField(label=_("Ngày"), required=False)


class EnrollmentQueueFilterForm(CommuneFilterForm):
    """The enrollment queue narrowed to one commune and one program (``?xa=&chinh_sach=``)."""

    chinh_sach = forms.ModelChoiceField(label=_("Chính sách"), queryset=Program.objects.filter(is_active=True),
                                        to_field_name="code", required=False, empty_label=_("Tất cả"))

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        if area := self.commune():
            queryset = queryset.filter(person__area=area)
        if program := self.cleaned_data["chinh_sach"]:
            queryset = queryset.filter(program=program)
        return queryset
