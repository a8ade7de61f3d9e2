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
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin
from programs.models import Admission, BenefitRule, BenefitStandard, Enrollment, Facility, Program
from programs.services.rules import rate_table_upload


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "target", "owning_agency", "standard_code", "is_active")
    list_filter = ("kind", "target", "is_active")
    search_fields = ("code", "name")


@admin.register(BenefitStandard)
class BenefitStandardAdmin(admin.ModelAdmin):
    """A new standard may start in the past: months from its ``valid_from`` are recomputed with it."""

    list_display = ("code", "name", "amount", "valid_from", "legal_basis")
    list_filter = ("code",)
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
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"),
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200)


@admin.register(BenefitRule)
class BenefitRuleAdmin(admin.ModelAdmin):
    list_display = ("program", "merit_category", "for_relatives", "protection_group", "age_min", "age_max",
                    "injury_rate_min", "relative_count_min", "component", "coefficient", "per_child", "amount",
                    "valid_from", "valid_to", "legal_basis")
    list_filter = (InForceFilter, "program", "component", "merit_category", "protection_group")
    list_select_related = ("program",)
    change_list_template = "admin/programs/benefitrule/change_list.html"

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
                                            legal_basis=form.cleaned_data["legal_basis"])
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
