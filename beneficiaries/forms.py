"""Page forms. Fields (labels, choices, lengths) come from the models; the rules live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import areas_in_scope
from areas.models import Level
from beneficiaries.models import (
    DeprivationIndicator,
    DocumentKind,
    MeritCategory,
    MeritFlag,
    MeritProfile,
    Person,
    ProtectionGroup,
    ProtectionProfile,
    RelativeType,
    WarInvalidType,
)
from common.forms import AmountField, DayField

DATE_FIELDS = ("date_of_birth", "date_of_death", "health_insurance_valid_to", "recognition_decision_date",
               "decision_date")


def model_fields(model, names):
    """The model's fields: dates typed and shown as dd/mm/yyyy (``DayField``)."""
    return fields_for_model(model, fields=names, field_classes={n: DayField for n in DATE_FIELDS if n in names})


PERSON_FORM_FIELDS = ["full_name", "date_of_birth", "birth_year_only", "sex", "national_id", "old_id_number",
                      "social_insurance_number", "ethnicity", "relation_to_head", "phone", "payment_channel",
                      "bank_code", "account_number", "account_holder", "health_insurance_number",
                      "health_insurance_valid_to", "has_pension"]

PersonForm = type("PersonForm", (forms.Form,), {
    **model_fields(Person, PERSON_FORM_FIELDS),
    "confirm_duplicate": forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây là người khác, không phải người trùng tên đã có"), required=False),
})

PersonEditForm = type("PersonEditForm", (PersonForm,), {
    **model_fields(Person, ["date_of_death"]),
    "account_change_reason": forms.CharField(
        label=_("Lý do đổi tài khoản nhận tiền"), required=False, max_length=300,
        help_text=_("Đổi hình thức, ngân hàng, số hoặc chủ tài khoản cần người thứ hai (lãnh đạo UBND xã hoặc Sở) xác "
                    "nhận; đến khi đó vẫn chi vào tài khoản cũ.")),
})


class HouseholdChoiceForm(forms.Form):
    household_code = forms.CharField(label=_("Mã hộ đã có"), required=False, max_length=20,
                                     help_text=_("Để trống để lập hộ mới."))
    address = forms.CharField(label=_("Địa chỉ hộ mới (thôn/tổ, số nhà)"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if not data.get("household_code") and not data.get("address"):
            raise ValidationError(_("Nhập mã hộ đã có, hoặc địa chỉ để lập hộ mới."))
        return data


class AreaChoiceForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Xã/phường cư trú"), queryset=None, to_field_name="code")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        if areas.count() == 1:
            self.fields["area"].initial = areas.first().code


PROFILE_KINDS = [("", _("Chưa lập hồ sơ")), ("merit", _("Người có công")), ("protection", _("Bảo trợ xã hội"))]


class MeritProfileForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Diện người có công"), queryset=MeritCategory.objects.all(),
                                      to_field_name="code")
    injury_rate = forms.IntegerField(label=_("Tỷ lệ tổn thương cơ thể (%)"), required=False, min_value=0,
                                     max_value=100)
    recognition_decision_no = forms.CharField(label=_("Số quyết định công nhận"), required=False, max_length=50)
    recognition_decision_date = DayField(label=_("Ngày quyết định công nhận"), required=False)
    merit_person = forms.IntegerField(label=_("Mã người có công (nếu là thân nhân)"), required=False,
                                      help_text=_("Số hiệu cá nhân của liệt sĩ/người có công trong hệ thống."))
    relationship = forms.ModelChoiceField(label=_("Quan hệ thân nhân"), queryset=RelativeType.objects.all(),
                                          to_field_name="code", required=False)
    war_invalid_type = forms.ChoiceField(label=_("Loại thương binh"), choices=WarInvalidType.choices,
                                         initial=WarInvalidType.A, required=False)
    flags = forms.MultipleChoiceField(label=_("Đặc điểm (chọn mức hưởng)"), choices=MeritFlag.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    seniority_years = forms.IntegerField(label=_("Số năm thâm niên (hoạt động cách mạng trước 1945, thoát ly)"),
                                         required=False, min_value=0, max_value=80)


class ProtectionProfileForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Nhóm đối tượng"), queryset=ProtectionGroup.objects.all(),
                                   to_field_name="code")
    children_count = forms.IntegerField(label=_("Số con đang nuôi (người đơn thân)"), required=False, min_value=0)
    wants_facility_care = forms.BooleanField(label=_("Có nguyện vọng vào cơ sở trợ giúp xã hội"), required=False)
    living_arrangement = model_fields(ProtectionProfile, ["living_arrangement"])["living_arrangement"]
    studying_until = DayField(label=_("Đang đi học đến ngày (nhóm 16–22 tuổi đang học)"), required=False)


class ProfileKindForm(forms.Form):
    profile_kind = forms.ChoiceField(label=_("Lập hồ sơ"), choices=PROFILE_KINDS, required=False)
    submit_now = forms.BooleanField(label=_("Gửi Sở duyệt ngay"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_no = forms.CharField(label=_("Số quyết định"), required=False, max_length=50)
    decision_date = DayField(label=_("Ngày quyết định"), required=False)


class PovertyReviewForm(forms.Form):
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2000, max_value=2100)
    income_per_capita = AmountField(label=_("Thu nhập bình quân (đồng/người/tháng)"), min_value=0)
    deprivations = forms.ModelMultipleChoiceField(
        label=_("Chỉ số thiếu hụt"), queryset=DeprivationIndicator.objects.all(), to_field_name="code",
        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giấy tờ"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Mô tả"), required=False, max_length=200)
    file = forms.FileField(label=_("Tệp (PDF, JPG, PNG)"))


def person_initial(person: Person) -> dict:
    return {name: getattr(person, name) for name in [*PERSON_FORM_FIELDS, "date_of_death"]}


def profile_initial(profile: MeritProfile | ProtectionProfile) -> dict:
    if isinstance(profile, MeritProfile):
        return {"category": profile.category_id, "injury_rate": profile.injury_rate,
                "recognition_decision_no": profile.recognition_decision_no,
                "recognition_decision_date": profile.recognition_decision_date,
                "merit_person": profile.merit_person_id, "relationship": profile.relationship_id,
                "war_invalid_type": profile.war_invalid_type, "flags": profile.flags,
                "seniority_years": profile.seniority_years}
    return {"group": profile.group_id, "children_count": profile.children_count,
            "wants_facility_care": profile.wants_facility_care, "living_arrangement": profile.living_arrangement,
            "studying_until": profile.studying_until}



class ProfileChildForm(forms.Form):
    child = forms.IntegerField(min_value=1)
    studying_until = DayField(required=False)
    remove = forms.BooleanField(required=False)


class CommuneFilterForm(forms.Form):
    """A queue narrowed to one commune of the user's scope (``?xa=``)."""

    xa = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None, to_field_name="code", required=False,
                                empty_label=_("Tất cả trong địa bàn"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["xa"].queryset = areas_in_scope(user).filter(level=Level.COMMUNE).order_by("name")

    def commune(self):
        return self.cleaned_data["xa"] if self.is_valid() else None


class QueueFilterForm(CommuneFilterForm):
    """The review queue narrowed to one commune and one kind of profile (``?xa=&loai=``)."""

    loai = forms.ChoiceField(label=_("Loại hồ sơ"), required=False, choices=[
        ("", _("Tất cả")), ("merit", _("Người có công")), ("protection", _("Bảo trợ xã hội"))])

    def apply(self, merit, protection):
        """The two querysets narrowed as chosen (an invalid choice narrows nothing)."""
        if not self.is_valid():
            return merit, protection
        if area := self.commune():
            merit, protection = merit.filter(person__area=area), protection.filter(person__area=area)
        kind = self.cleaned_data["loai"]
        return (merit if kind != "protection" else merit.none(), protection if kind != "merit" else protection.none())
