"""Pages for housing-support cases. Reads through selectors, writes through services."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import REGISTRARS
from accounts.readlog import DOWNLOAD, record_read
from accounts.scoping import areas_in_scope
from areas.models import Level
from beneficiaries import selectors as registry
from beneficiaries.services.documents import document_upload
from common.audit import history_of
from common.exceptions import DomainError
from common.exports import wants_export, xlsx_response
from common.forms import DECISION_MISSING, WITHOUT_DECISION, AmountField, DayField, decision_missing
from common.transitions import transitions_of
from common.views import attempt, paginate
from housing import selectors, services
from housing.models import OPEN, FundingSourceKind, HousingStatus, HousingTarget, SupportLevel, SupportType
from housing.pdf import decision_pdf
from programs.authority import Decisions


def _date(label, required=True):
    return DayField(label=label, required=required)


class ProposeForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Người đứng tên"), queryset=None)
    target = forms.ChoiceField(label=gettext_lazy("Đối tượng"), choices=HousingTarget.choices)
    support_type = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=SupportType.choices)
    support_level = forms.ModelChoiceField(label=gettext_lazy("Chương trình"), queryset=SupportLevel.objects.all(),
                                           required=False, empty_label=gettext_lazy("(mới nhất áp dụng được)"))

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.members.all()


class SurveyForm(forms.Form):
    current_condition = forms.CharField(label=gettext_lazy("Hiện trạng nhà ở"),
                                        widget=forms.Textarea(attrs={"rows": 2}))
    floor_area = forms.DecimalField(label=gettext_lazy("Diện tích (m²)"), min_value=0, max_digits=7, decimal_places=1)
    estimated_cost = AmountField(label=gettext_lazy("Dự toán (đồng)"), min_value=1)
    surveyed_on = _date(gettext_lazy("Ngày khảo sát"))


class ApproveForm(forms.Form):
    approved_amount = AmountField(label=gettext_lazy("Mức hỗ trợ (để trống: mức mặc định)"), min_value=1,
                                         required=False)
    amount_reason = forms.CharField(label=gettext_lazy("Lý do nếu khác mức mặc định"), required=False)
    decision_no = forms.CharField(label=gettext_lazy("Số quyết định"), required=False)
    decision_date = _date(gettext_lazy("Ngày quyết định"), required=False)
    without_decision = forms.BooleanField(label=WITHOUT_DECISION, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FundingSourceKind.choices:
            self.fields[f"funding_{value}"] = AmountField(label=label, min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if decision_missing(data.get("decision_no"), data.get("decision_date"), data.get("without_decision")):
            raise forms.ValidationError(DECISION_MISSING)
        return data

    def funding(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(f"funding_{value}") or 0 for value in FundingSourceKind.values}


class DisbursementForm(forms.Form):
    amount = AmountField(label=gettext_lazy("Số tiền"), min_value=1)
    paid_on = _date(gettext_lazy("Ngày chi"))
    source = forms.ChoiceField(label=gettext_lazy("Nguồn"), choices=FundingSourceKind.choices)
    is_advance = forms.BooleanField(label=gettext_lazy("Tạm ứng trước nghiệm thu"), required=False)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False)


@login_required
def case_list(request):
    cases = selectors.housing_case_list(user=request.user)
    status, target, area, year = (request.GET.get(k, "") for k in ("status", "target", "area", "year"))
    if status in HousingStatus.values:
        cases = cases.filter(status=status)
    if target in HousingTarget.values:
        cases = cases.filter(target=target)
    if area:
        cases = cases.filter(household__area__code=area)
    if year.isdigit() and len(year) == 4:
        cases = cases.filter(created_at__year=int(year))
    if wants_export(request):
        return xlsx_response(request, "ho_tro_nha_o", ["Mã hộ", "Người đứng tên", "Xã/phường", "Đối tượng", "Hình thức",
                                              "Trạng thái", "Dự toán", "Được duyệt", "Đã giải ngân", "Nghiệm thu"], (
            [c.household.code, c.person.full_name, c.household.area.name, c.get_target_display(),
             c.get_support_type_display(), c.get_status_display(), c.estimated_cost, c.approved_amount,
             c.disbursed or 0, c.completed_on] for c in cases))
    page, query = paginate(request, cases)
    return render(request, "housing/case_list.html", {
        "page": page, "query": query, "statuses": HousingStatus.choices, "targets": HousingTarget.choices,
        "communes": areas_in_scope(request.user).filter(level=Level.COMMUNE)})


@login_required
def case_propose(request, household_pk):
    household = get_object_or_404(registry.household_list(user=request.user), pk=household_pk)
    if not request.user.has_role(*REGISTRARS):
        raise PermissionDenied
    form = ProposeForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        case = attempt(request, lambda: services.housing_case_propose(by=request.user, household=household,
                                                                      **form.cleaned_data), form)
        if case:
            messages.success(request, _("Đã lập đề xuất hỗ trợ nhà ở."))
            return redirect("housing:case_detail", pk=case.pk)
    return render(request, "housing/case_propose.html", {"form": form, "household": household})


@login_required
def case_detail(request, pk, forms_=None):
    case = get_object_or_404(selectors.housing_case_list(user=request.user).prefetch_related("funding"), pk=pk)
    forms_ = forms_ or {}
    user = request.user
    return render(request, "housing/case_detail.html", {
        "case": case, "log": transitions_of(case), "history": history_of(case, user=user),
        "disbursements": case.disbursements.all(),
        "default_amount": case.support_level.default_amount(case.support_type),
        "documents": registry.document_list(user=user).filter(object_id=case.pk, content_type__model="housingcase"),
        "is_registrar": user.has_role(*REGISTRARS),
        "is_decider": Decisions(user).can("housing_case", case.household.area),
        "is_open": case.status in OPEN,
        "can_disburse": case.status in (HousingStatus.APPROVED, HousingStatus.IN_PROGRESS, HousingStatus.COMPLETED),
        "survey_form": forms_.get("survey") or SurveyForm(),
        "approve_form": forms_.get("approve") or ApproveForm(),
        "disbursement_form": forms_.get("disburse") or DisbursementForm(),
    })


@login_required
@require_POST
def case_action(request, pk, action):
    case = get_object_or_404(selectors.housing_case_list(user=request.user), pk=pk)
    post = request.POST
    if action == "survey":
        form = SurveyForm(post)
        call = lambda: services.housing_case_survey(by=request.user, case=case, **form.cleaned_data)  # noqa: E731
    elif action == "approve":
        form = ApproveForm(post)
        call = lambda: services.housing_case_approve(  # noqa: E731
            by=request.user, case=case, funding=form.funding(), approved_amount=form.cleaned_data["approved_amount"],
            amount_reason=form.cleaned_data["amount_reason"], decision_no=form.cleaned_data["decision_no"],
            decision_date=form.cleaned_data["decision_date"])
    elif action == "disburse":
        form = DisbursementForm(post)
        call = lambda: services.disbursement_record(by=request.user, case=case, **form.cleaned_data)  # noqa: E731
    elif action in ("start", "complete", "cancel"):
        form = None
        day_field = DayField(required=False)
        try:
            day = day_field.clean(post.get("day"))
        except forms.ValidationError:
            day = None
        call = {"start": lambda: services.housing_case_start(by=request.user, case=case, started_on=day),
                "complete": lambda: services.housing_case_complete(by=request.user, case=case, completed_on=day),
                "cancel": lambda: services.housing_case_cancel(by=request.user, case=case,
                                                               reason=post.get("reason", ""))}[action]
    else:
        raise Http404
    if form is not None and not form.is_valid():
        return case_detail(request, pk, forms_={action: form})
    if attempt(request, call, form) is None:
        return case_detail(request, pk, forms_={action: form}) if form is not None else redirect(
            "housing:case_detail", pk=pk)
    messages.success(request, _("Đã cập nhật hồ sơ."))
    return redirect("housing:case_detail", pk=pk)


@login_required
@require_POST
def case_photo(request, pk):
    case = get_object_or_404(selectors.housing_case_list(user=request.user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn ảnh hoặc tệp cần tải lên."))
    elif attempt(request, lambda: document_upload(by=request.user, person=case.person, kind="photo", file=upload,
                                                  title=request.POST.get("title", ""), attached_to=case)):
        messages.success(request, _("Đã tải lên."))
    return redirect("housing:case_detail", pk=pk)


@login_required
def case_decision(request, pk):
    case = get_object_or_404(selectors.housing_case_list(user=request.user).prefetch_related("funding"), pk=pk)
    try:
        body = decision_pdf(case)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("housing:case_detail", pk=pk)
    record_read(request, DOWNLOAD, "housing_decision_pdf", object_id=case.pk, person_id=case.person_id, filters={})
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet_dinh_ho_tro_nha_o_{case.pk}.pdf"'
    return response

