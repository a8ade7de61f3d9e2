"""Admin: the law as data (standards, rules, the rate-table upload), programs and facilities.

Enrollments and admissions are read-only here: they change through the services.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import WarInvalidType
from common.admin import ReadOnlyAdmin
from programs.models import (
    Admission,
    BenefitRule,
    BenefitStandard,
    DecisionRule,
    Enrollment,
    Facility,
    Program,
    SourceMark,
)
from programs.services.rules import UploadMode, rate_table_upload, rules_mark_checked


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "target", "owning_agency", "standard_code", "is_active")
    list_filter = ("kind", "target", "is_active")
    search_fields = ("code", "name")


@admin.register(BenefitStandard)
class BenefitStandardAdmin(admin.ModelAdmin):
    """A new standard may start in the past: months from its ``valid_from`` are recomputed with it."""

    list_display = ("code", "name", "province", "amount", "valid_from", "legal_basis")
    list_filter = ("code", "province")
    ordering = ("code", "-valid_from")


class InForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("now", _("Đang áp dụng hôm nay")), ("past", _("Đã hết hiệu lực")), ("future", _("Chưa đến ngày"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "now":
            return queryset.in_force_on(today)
        if self.value() == "past":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


class RateTableForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV (injury_rate,amount)"))
    war_invalid_type = forms.ChoiceField(label=_("Loại thương binh"), choices=WarInvalidType.choices,
                                         initial=WarInvalidType.A)
    mode = forms.ChoiceField(label=_("Cách nạp"), initial=UploadMode.FILL, widget=forms.RadioSelect, choices=[
        (UploadMode.FILL, _("Bổ sung các tỷ lệ còn thiếu trong bảng đang áp dụng (không thay dòng đã có)")),
        (UploadMode.REPLACE, _("Thay cả bảng (đủ mọi tỷ lệ 21–100%) từ ngày áp dụng")),
    ])
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"),
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200)


class NeedsCheckFilter(admin.SimpleListFilter):
    title = _("đối chiếu văn bản gốc")
    parameter_name = "doi_chieu"

    def lookups(self, request, model_admin):
        return [("can", _("Số liệu suy ra, chưa đối chiếu")), ("da", _("Đã đối chiếu"))]

    def queryset(self, request, queryset):
        if self.value() == "can":
            return queryset.filter(mark=SourceMark.DERIVED, checked_at__isnull=True)
        if self.value() == "da":
            return queryset.filter(checked_at__isnull=False)
        return queryset


@admin.register(BenefitRule)
class BenefitRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "program", "merit_category", "for_relatives", "protection_group", "age_min", "age_max",
                    "injury_rate_min", "injury_rate_max", "war_invalid_type", "requires_flags", "relative_count_min",
                    "component", "coefficient", "per_child", "amount", "valid_from", "valid_to", "trust",
                    "legal_basis")
    list_filter = (InForceFilter, NeedsCheckFilter, "mark", "program", "component", "merit_category",
                   "protection_group")
    list_select_related = ("program",)
    search_fields = ("code", "note", "legal_basis")
    readonly_fields = ("checked_by", "checked_at")
    actions = ["mark_checked"]
    change_list_template = "admin/programs/benefitrule/change_list.html"

    @admin.display(description=_("độ tin cậy"), ordering="mark")
    def trust(self, rule):
        if rule.needs_check:
            return format_html('<strong style="color:#b00">⚠ {}</strong>', _("Suy ra — chưa đối chiếu"))
        if rule.checked_at:
            return _("Đã đối chiếu %(day)s") % {"day": timezone.localtime(rule.checked_at).strftime("%d/%m/%Y")}
        return rule.get_mark_display()

    @admin.action(description=_("Đánh dấu đã đối chiếu với văn bản gốc (nghị định)"))
    def mark_checked(self, request, queryset):
        count = rules_mark_checked(by=request.user, rules=queryset)
        messages.success(request, _("Đã ghi nhận đối chiếu %(n)s dòng số liệu suy ra.") % {"n": count})

    def changelist_view(self, request, extra_context=None):
        unchecked = BenefitRule.objects.in_force_on(timezone.localdate()).filter(
            mark=SourceMark.DERIVED, checked_at__isnull=True).count()
        if unchecked:
            messages.warning(request, _("%(n)s dòng đang áp dụng là số liệu suy ra (M), chưa đối chiếu văn bản gốc. "
                                        "Lọc “đối chiếu văn bản gốc” để xem và đánh dấu sau khi kiểm tra.")
                             % {"n": unchecked})
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        upload = path("tai-bang-thuong-binh/", self.admin_site.admin_view(self.upload_view),
                      name="programs_benefitrule_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request):
        if not request.user.has_perm("programs.add_benefitrule"):
            raise PermissionDenied
        form = RateTableForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = rate_table_upload(by=request.user, content=form.cleaned_data["file"].read(),
                                            valid_from=form.cleaned_data["valid_from"],
                                            legal_basis=form.cleaned_data["legal_basis"],
                                            war_invalid_type=form.cleaned_data["war_invalid_type"],
                                            mode=form.cleaned_data["mode"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Đã nạp %(n)s dòng bảng trợ cấp thương binh từ %(day)s.")
                                 % {"n": created, "day": form.cleaned_data["valid_from"].strftime("%d/%m/%Y")})
                return redirect("admin:programs_benefitrule_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("Tải bảng trợ cấp thương binh theo tỷ lệ tổn thương"), "today": datetime.date.today()}
        return render(request, "admin/programs/benefitrule/upload.html", context)


@admin.register(DecisionRule)
class DecisionRuleAdmin(admin.ModelAdmin):
    """Who decides each kind of case: a reform is a new row from its date (close the old one the day before)."""

    list_display = ("subject", "program", "level", "agency", "valid_from", "valid_to", "legal_basis")
    list_filter = ("subject", "level", "agency")
    list_select_related = ("program",)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_public", "capacity", "area", "is_active")
    list_filter = ("is_public", "is_active")
    raw_id_fields = ("area",)
    search_fields = ("code", "name")


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("person", "program", "status", "start_date", "end_date", "decision_no")
    list_filter = ("status", "program")
    list_select_related = ("person", "program")
    search_fields = ("person__full_name", "person__national_id", "decision_no")


@admin.register(Admission)
class AdmissionAdmin(ReadOnlyAdmin):
    list_display = ("person", "facility", "admitted_on", "discharged_on")
    list_select_related = ("person", "facility")
