from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DayField
from complaints.models import AttachmentKind, Channel, ComplaintKind, Complexity


class ReceiveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=ComplaintKind.choices)
    second_round = forms.BooleanField(label=_("Khiếu nại lần hai"), required=False,
                                      help_text=_("Người khiếu nại không đồng ý với quyết định giải quyết lần đầu."))
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=Channel.choices)
    received_on = DayField(label=_("Ngày tiếp nhận"))
    area = forms.ModelChoiceField(label=_("Xã/phường nơi phát sinh"), queryset=None)
    complainant_name = forms.CharField(label=_("Họ tên người gửi"), max_length=150, required=False,
                                       help_text=_("Để trống khi người gửi chính là người được nhắc đến bên dưới."))
    complainant_id_number = forms.CharField(label=_("Số định danh người gửi"), max_length=12, required=False)
    complainant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    complainant_phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    complainant_is_subject = forms.BooleanField(label=_("Người gửi là người được nhắc đến"), required=False)
    content = forms.CharField(label=_("Nội dung đơn"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    letter = forms.FileField(label=_("Bản chụp đơn (PDF, JPG, PNG)"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = communes
        self.fields["received_on"].initial = timezone.localdate()


class AcceptForm(forms.Form):
    accepted_on = DayField(label=_("Ngày thụ lý"), required=False,
                                  help_text=_("Để trống: hôm nay."))
    complexity = forms.ChoiceField(label=_("Mức độ"), choices=Complexity.choices, required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    complexity = forms.ChoiceField(label=_("Mức độ"), choices=Complexity.choices[1:], required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        # people by their names and roles, not by their sign-in names
        self.fields["assignee"].label_from_instance = lambda u: f"{u.full_name or u.username} · {u.get_role_display()}"


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3}),
                                 max_length=10_000)
    decision_no = forms.CharField(label=_("Số văn bản/quyết định"), max_length=50, required=False)
    decision_date = DayField(label=_("Ngày văn bản"), required=False)
    decision_file = forms.FileField(label=_("Văn bản giải quyết (PDF, JPG, PNG)"), required=False)
    retry_payment = forms.BooleanField(label=_("Cho chi lại tháng này trong bảng chi trả kế tiếp"), required=False)


class TransferForm(forms.Form):
    transferred_to = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=200)
    reason = forms.CharField(label=_("Lý do"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Mô tả"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp (PDF, JPG, PNG)"))
