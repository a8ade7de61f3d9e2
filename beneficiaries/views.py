"""Pages of the registry. Thin: read through selectors, write through services, show their errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import CASE_DECIDERS
from accounts.readlog import EXPORT, VIEW, record_read
from accounts.scoping import areas_in_scope
from areas.models import Level
from beneficiaries import exports, selectors
from beneficiaries.filters import PersonFilter
from beneficiaries.forms import (
    AreaChoiceForm,
    DocumentForm,
    HouseholdChoiceForm,
    MeritProfileForm,
    PersonEditForm,
    PersonForm,
    PovertyReviewForm,
    ProfileChildForm,
    ProfileKindForm,
    ProtectionProfileForm,
    QueueFilterForm,
    ReasonForm,
    person_initial,
    profile_initial,
)
from beneficiaries.models import DeprivationIndicator, MeritProfile, PaymentChannel, ProtectionProfile
from beneficiaries.services import accounts, documents, persons, profiles, reviews
from common.audit import history_of
from common.exceptions import DomainError
from common.exports import wants_export, xlsx_download, xlsx_response
from common.models import Transition
from common.views import apply_errors, attempt, back, case_action, paginate, private_file
from common.workflow import CASE_ACTIONS, actions_for
from housing.selectors import housing_case_list
from payments.views import person_payments
from programs.authority import Decisions
from programs.forms import EnrollmentForm
from programs.queues import LIMIT, approved_without_allowance, decided_by
from programs.views import person_enrollments

PROFILE_EXPORT_HEADER = ["Loại hồ sơ", "Số hiệu người", "Họ và tên", "Xã/phường", "Diện/nhóm", "Trạng thái",
                         "Lý do", "Người gửi", "Gửi lúc"]
PROFILE_SELECTORS = {"merit": selectors.merit_profile_list, "protection": selectors.protection_profile_list}
PROFILE_FORMS = {"merit": MeritProfileForm, "protection": ProtectionProfileForm}


def _communes(user):
    return areas_in_scope(user).filter(level=Level.COMMUNE)


# ------------------------------------------------------------------------------
# Persons
# ------------------------------------------------------------------------------
@login_required
def person_list(request):
    filterset = PersonFilter(request.GET or None, queryset=selectors.person_list(user=request.user), request=request)
    if wants_export(request):  # in the import template's layout, so the file can be imported back
        if filterset.qs.count() > exports.SYNC_LIMIT:
            job = exports.person_export_start(by=request.user, query=request.GET.urlencode())
            messages.info(request, _("Danh sách lớn: đang xuất trong nền; tải tệp ở trang này khi xong."))
            return redirect(job)
        content = exports.person_export_workbook(filterset.qs, request.user)
        record_read(request, EXPORT, "doi_tuong", rows=filterset.qs.count())
        return xlsx_download("doi_tuong", content)
    page, query = paginate(request, filterset.qs)
    return render(request, "beneficiaries/person_list.html", {
        "filter": filterset, "page": page, "query": query, "communes": _communes(request.user),
        "can_register": persons.can_register(request.user),
    })


@login_required
def person_detail(request, pk):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    record_read(request, VIEW, "person", object_id=person.pk, person_id=person.pk, filters={})
    pending = selectors.account_change_list(user=request.user).filter(person=person, status="pending").first()
    merit = list(selectors.merit_profile_list(user=request.user).filter(person=person))
    protection = list(selectors.protection_profile_list(user=request.user).filter(person=person))
    all_profiles = merit + protection
    log = _transitions(all_profiles)
    for profile in all_profiles:
        profile.kind = "merit" if isinstance(profile, MeritProfile) else "protection"
        profile.actions = _profile_actions(request.user, profile)
        profile.log = log.get((profile.kind, profile.pk), [])
    household = person.household
    return render(request, "beneficiaries/person_detail.html", {
        "enrollments": person_enrollments(request.user, person),
        "payments": person_payments(request.user, person),
        "enrollment_form": EnrollmentForm(),
        "person": person,
        "household": household,
        "members": household.members.all() if household else [],
        "reviews": selectors.poverty_review_list(user=request.user).filter(household=household) if household else [],
        "profiles": all_profiles,
        "documents": selectors.document_list(user=request.user).filter(person=person),
        "history": history_of(person, *all_profiles, user=request.user),
        "can_register": persons.can_register(request.user),
        "pending_account": pending,
        "pending_channel": PaymentChannel(pending.new["payment_channel"]).label if pending else "",
        "can_confirm_account": accounts.may_confirm_account(request.user, person),
        "document_form": DocumentForm(),
        "reason_form": ReasonForm(),
    })


def _profile_actions(user, profile, decisions: Decisions | None = None):
    decisions = decisions or Decisions(user)
    return actions_for(user, profile, can_decide=decisions.profile(profile), url_for=lambda action: reverse(
        "beneficiaries:profile_action", args=[profile.kind, profile.pk, action]))


def _transitions(profile_objs):
    """Return {(kind, id): [Transition…]} for the profiles, in one query per model."""
    result = {}
    for model, kind in ((MeritProfile, "merit"), (ProtectionProfile, "protection")):
        ids = [p.pk for p in profile_objs if isinstance(p, model)]
        if not ids:
            continue
        rows = Transition.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                         object_id__in=ids).select_related("by")
        for row in rows:
            result.setdefault((kind, row.object_id), []).append(row)
    return result


@login_required
def person_register(request):
    """One flow: household (existing or new) + person + optional profile, all or nothing."""
    if not persons.can_register(request.user):
        raise PermissionDenied
    communes = _communes(request.user)
    data = request.POST or None
    # "+ Thêm thành viên" from a household or person page: ?ho=<household code> fills the household and commune
    household = None
    if request.GET.get("ho"):
        household = get_object_or_404(selectors.household_list(user=request.user), code=request.GET["ho"])
    kind_form = ProfileKindForm(data, prefix="k")
    kind = kind_form.cleaned_data.get("profile_kind", "") if data and kind_form.is_valid() else ""
    forms = {
        "area": AreaChoiceForm(data, areas=communes, prefix="a",
                               initial={"area": household.area.code} if household else None),
        "household": HouseholdChoiceForm(data, prefix="h",
                                         initial={"household_code": household.code} if household else None),
        "person": PersonForm(data, prefix="p"),
        "kind": kind_form,
        # only the chosen profile form is bound, so the other one shows no errors
        "merit": MeritProfileForm(data if kind == "merit" else None, prefix="m"),
        "protection": ProtectionProfileForm(data if kind == "protection" else None, prefix="pp"),
    }
    if request.method == "POST":
        base_ok = all(forms[k].is_valid() for k in ("area", "household", "person", "kind"))
        profile_ok = forms[kind].is_valid() if kind else True
        if base_ok and profile_ok:
            try:
                person = _register(request.user, forms, kind)
            except ValidationError as exc:
                apply_errors(exc, forms["person"], forms["household"], forms["area"], *(
                    [forms[kind]] if kind else []))
            except (DomainError, PermissionDenied) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã đăng ký %(name)s.") % {"name": person.full_name})
                return redirect("beneficiaries:person_detail", pk=person.pk)
    return render(request, "beneficiaries/person_register.html", {"forms": forms, "household": household,
                                                                  "kind": kind})


@transaction.atomic
def _register(user, forms, kind):
    area = forms["area"].cleaned_data["area"]
    household_data = forms["household"].cleaned_data
    if household_data["household_code"]:
        household = selectors.household_list(user=user).filter(code=household_data["household_code"]).first()
        if household is None:
            raise ValidationError({"household_code": _("Không có hộ mã này trong địa bàn của bạn.")})
    else:
        household = persons.household_create(by=user, area=area, address=household_data["address"])
    person_data = dict(forms["person"].cleaned_data)
    confirm = person_data.pop("confirm_duplicate")
    if not household_data["household_code"] and not person_data.get("relation_to_head"):
        person_data["relation_to_head"] = "head"
    person = persons.person_register(by=user, area=area, household=household, confirm_duplicate=confirm,
                                     **person_data)
    if kind:
        profile = _create_profile(user, person, kind, forms[kind].cleaned_data)
        if forms["kind"].cleaned_data["submit_now"]:
            profiles.profile_submit(by=user, profile=profile)
    return person


def _create_profile(user, person, kind, data):
    if kind == "merit":
        data = dict(data)
        merit_person_id = data.pop("merit_person")
        merit_person = None
        if merit_person_id:
            merit_person = selectors.person_list(user=user).filter(pk=merit_person_id).first()
            if merit_person is None:
                raise ValidationError({"merit_person": _("Không có người này trong địa bàn của bạn.")})
        return profiles.merit_profile_create(by=user, person=person, merit_person=merit_person, **data)
    return profiles.protection_profile_create(by=user, person=person, **data)


@login_required
def person_edit(request, pk):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    if not persons.can_register(request.user):
        raise PermissionDenied
    form = PersonEditForm(request.POST or None, initial=person_initial(person))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm_duplicate")
        if attempt(request, lambda: persons.person_update(by=request.user, person=person,
                                                            confirm_duplicate=confirm, **data), form):
            messages.success(request, _("Đã lưu thay đổi."))
            if person.account_changes.filter(status="pending", requested_by=request.user).exists():
                messages.info(request, _("Đổi tài khoản nhận tiền đang chờ người thứ hai xác nhận; đến khi đó vẫn chi "
                                         "vào tài khoản cũ."))
            return redirect("beneficiaries:person_detail", pk=person.pk)
    return render(request, "beneficiaries/person_form.html", {"form": form, "person": person})


@login_required
def profile_add(request, pk, kind):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    if kind not in PROFILE_FORMS or not persons.can_register(request.user):
        raise Http404 if kind not in PROFILE_FORMS else PermissionDenied
    form = PROFILE_FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: _create_profile(request.user, person, kind, form.cleaned_data), form):
        messages.success(request, _("Đã lập hồ sơ (nháp). Gửi Sở duyệt khi đã đủ giấy tờ."))
        return redirect("beneficiaries:person_detail", pk=person.pk)
    return render(request, "beneficiaries/profile_form.html", {"form": form, "person": person, "kind": kind})


@login_required
def profile_edit(request, kind, pk):
    if kind not in PROFILE_SELECTORS:
        raise Http404
    profile = get_object_or_404(PROFILE_SELECTORS[kind](user=request.user), pk=pk)
    if not persons.can_register(request.user):
        raise PermissionDenied
    form = PROFILE_FORMS[kind](request.POST or None, initial=profile_initial(profile))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if kind == "merit":
            merit_person_id = data.pop("merit_person")
            data["merit_person"] = (selectors.person_list(user=request.user).filter(pk=merit_person_id).first()
                                    if merit_person_id else None)
        update = profiles.merit_profile_update if kind == "merit" else profiles.protection_profile_update
        if attempt(request, lambda: update(by=request.user, profile=profile, **data), form):
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("beneficiaries:person_detail", pk=profile.person_id)
    return render(request, "beneficiaries/profile_form.html",
                  {"form": form, "person": profile.person, "kind": kind, "profile": profile})


@login_required
@require_POST
def profile_children(request, pk):
    """Link (or unlink) a child on a single parent's protection profile."""
    profile = get_object_or_404(selectors.protection_profile_list(user=request.user), pk=pk)
    if not persons.can_register(request.user):
        raise PermissionDenied
    form = ProfileChildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi mã cá nhân của con và ngày kết thúc học dạng dd/mm/yyyy."))
        return redirect("beneficiaries:profile_edit", kind="protection", pk=profile.pk)
    child = selectors.person_list(user=request.user).filter(pk=form.cleaned_data["child"]).first()
    if child is None:
        messages.error(request, _("Không tìm thấy người có mã này trong địa bàn của bạn."))
        return redirect("beneficiaries:profile_edit", kind="protection", pk=profile.pk)
    if form.cleaned_data["remove"]:
        done = attempt(request, lambda: profiles.profile_child_remove(by=request.user, profile=profile, child=child)
                       or True)
    else:
        done = attempt(request, lambda: profiles.profile_child_add(
            by=request.user, profile=profile, child=child, studying_until=form.cleaned_data["studying_until"]))
    if done:
        messages.success(request, _("Đã cập nhật con đang nuôi."))
    return redirect("beneficiaries:profile_edit", kind="protection", pk=profile.pk)


@login_required
@require_POST
def profile_action(request, kind, pk, action):
    if kind not in PROFILE_SELECTORS or action not in CASE_ACTIONS:
        raise Http404
    profile = get_object_or_404(PROFILE_SELECTORS[kind](user=request.user), pk=pk)
    if case_action(request, profiles.WORKFLOW, profile, action):
        messages.success(request, _("Đã %(action)s hồ sơ của %(name)s.")
                         % {"action": CASE_ACTIONS[action].label.lower(), "name": profile.person.full_name})
    return back(request, f"/doi-tuong/{profile.person_id}/")


# ------------------------------------------------------------------------------
# Queues
# ------------------------------------------------------------------------------
@login_required
def review_queue(request):
    if not request.user.has_role(*CASE_DECIDERS):
        raise PermissionDenied
    merit, protection = selectors.review_queue(user=request.user)
    filters = QueueFilterForm(request.GET or None, user=request.user)
    merit, protection = filters.apply(merit, protection)
    rows = _rows(request.user, merit, protection, key=lambda p: p.submitted_at or p.created_at, deciding_only=True)
    if wants_export(request):
        return _export_profiles(request, "ho_so_cho_duyet", rows)
    return render(request, "beneficiaries/review_queue.html", {"rows": rows, "reason_form": ReasonForm(),
                                                               "filters": filters})


@login_required
def returned_list(request):
    merit, protection = selectors.returned_profiles(user=request.user)
    rows = _rows(request.user, merit, protection, key=lambda p: p.updated_at, reverse=True)
    if wants_export(request):
        return _export_profiles(request, "ho_so_tra_lai", rows)
    # the next step after an approval: propose the monthly allowance from here, without searching for the person
    to_propose = approved_without_allowance(request.user) if persons.can_register(request.user) else []
    return render(request, "beneficiaries/returned_list.html", {"rows": rows, "to_propose": to_propose})


def _export_profiles(request, name, rows):
    return xlsx_response(request, name, PROFILE_EXPORT_HEADER, (
        ["Người có công" if p.kind == "merit" else "Bảo trợ xã hội", p.person_id, p.person.full_name,
         p.person.area.name, p.category.name if p.kind == "merit" else p.group.name, p.get_status_display(),
         p.status_reason, str(p.submitted_by or ""), p.submitted_at] for p in rows))


def _rows(user, merit, protection, *, key, reverse=False, deciding_only=False):
    rows, decisions = [], Decisions(user)
    for kind, queryset in (("merit", merit), ("protection", protection)):
        for profile in decided_by(decisions, queryset) if deciding_only else queryset[:LIMIT]:
            profile.kind = kind
            profile.actions = _profile_actions(user, profile, decisions)
            rows.append(profile)
    return sorted(rows, key=key, reverse=reverse)


# ------------------------------------------------------------------------------
# Households and poverty reviews
# ------------------------------------------------------------------------------
@login_required
def household_detail(request, pk):
    household = get_object_or_404(selectors.household_list(user=request.user), pk=pk)
    return render(request, "beneficiaries/household_detail.html", {
        "household": household,
        "members": household.members.all(),
        "reviews": selectors.poverty_review_list(user=request.user).filter(household=household),
        "history": history_of(household, user=request.user),
        "can_register": persons.can_register(request.user),
        "housing_cases": housing_case_list(user=request.user).filter(household=household),
    })


@login_required
def poverty_review(request, pk, review_pk=None):
    household = get_object_or_404(selectors.household_list(user=request.user), pk=pk)
    if not persons.can_register(request.user):
        raise PermissionDenied
    review = None
    initial = {}
    if review_pk:
        review = get_object_or_404(selectors.poverty_review_list(user=request.user), pk=review_pk,
                                   household=household)
        initial = {"year": review.year, "income_per_capita": review.income_per_capita,
                   "deprivations": [d.code for d in review.deprivations.all()]}
    form = PovertyReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(request, lambda: reviews.poverty_review_save(
            by=request.user, household=household, review=review, year=form.cleaned_data["year"],
            income_per_capita=form.cleaned_data["income_per_capita"],
            deprivations=[d.code for d in form.cleaned_data["deprivations"]]), form)
        if saved:
            messages.success(request, _("Kết quả rà soát năm %(year)s: %(result)s (%(n)s chỉ số thiếu hụt).")
                             % {"year": saved.year, "result": saved.get_classification_display(),
                                "n": saved.deprivation_count})
            return redirect("beneficiaries:household_detail", pk=household.pk)
    indicators = DeprivationIndicator.objects.all()
    return render(request, "beneficiaries/poverty_review_form.html",
                  {"form": form, "household": household, "review": review, "indicators": indicators})


# ------------------------------------------------------------------------------
# Documents
# ------------------------------------------------------------------------------
@login_required
@require_POST
def document_upload(request, pk):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        if attempt(request, lambda: documents.document_upload(by=request.user, person=person, **form.cleaned_data)):
            messages.success(request, _("Đã tải lên giấy tờ."))
    else:
        messages.error(request, _("Chọn loại giấy tờ và tệp cần tải lên."))
    return redirect("beneficiaries:person_detail", pk=person.pk)


@login_required
def document_download(request, pk):
    document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    return private_file(request, document.file, what="document", object_id=document.pk, person_id=document.person_id)


@login_required
@require_POST
def account_change_action(request, pk, change_pk, action):
    """Confirm or reject (with a reason) a pending change of the person's payout account."""
    change = get_object_or_404(selectors.account_change_list(user=request.user), pk=change_pk, person_id=pk)
    if action == "confirm":
        done = attempt(request, lambda: accounts.account_change_confirm(by=request.user, change=change))
        message = _("Đã xác nhận tài khoản mới: các bảng chi trả từ nay chi vào tài khoản này (chưa xác minh).")
    elif action == "reject":
        done = attempt(request, lambda: accounts.account_change_reject(by=request.user, change=change,
                                                                       reason=request.POST.get("reason", "")))
        message = _("Đã từ chối đề nghị đổi tài khoản.")
    else:
        raise Http404
    if done:
        messages.success(request, message)
    return redirect("beneficiaries:person_detail", pk=pk)


@login_required
@require_POST
def account_verify(request, pk):
    person = get_object_or_404(selectors.person_list(user=request.user), pk=pk)
    if attempt(request, lambda: accounts.account_verify(by=request.user, person=person,
                                                        result=request.POST.get("result", ""))):
        messages.success(request, _("Đã ghi kết quả xác minh tài khoản."))
    return redirect("beneficiaries:person_detail", pk=pk)
