"""Pages for complaints. Reads through selectors, writes through services."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scoping import areas_in_scope
from areas.models import Level
from beneficiaries import selectors as registry
from common.exceptions import DomainError
from common.exports import wants_export, xlsx_response
from common.transitions import transitions_of
from common.views import attempt, paginate, private_file
from complaints import forms, reports, selectors, services
from complaints.models import COMPLAINT_STAFF, OPEN, ComplaintKind, ComplaintStatus
from housing import selectors as housing_selectors
from indicators.services import resolve
from payments import selectors as payment_selectors
from programs import selectors as program_selectors
from programs.authority import Decisions

# Records a complaint may be about, as the intake page receives them (?payment=12): their scoped selectors.
SUBJECT_SELECTORS = {
    "person": registry.person_list,
    "merit_profile": registry.merit_profile_list,
    "protection_profile": registry.protection_profile_list,
    "enrollment": program_selectors.enrollment_list,
    "payment": payment_selectors.payment_list,
    "housing_case": housing_selectors.housing_case_list,
}


def _communes(user):
    return areas_in_scope(user).filter(level=Level.COMMUNE).order_by("name")


@login_required
def complaint_list(request):
    complaints = selectors.complaint_list(user=request.user)
    status, kind, area, overdue, mine = (request.GET.get(k, "") for k in ("status", "kind", "area", "overdue",
                                                                           "mine"))
    if status == "open":
        complaints = complaints.filter(status__in=OPEN)
    elif status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    if kind in ComplaintKind.values:
        complaints = complaints.filter(kind=kind)
    if area:
        complaints = complaints.filter(area__code=area)
    if overdue == "1":
        complaints = complaints.filter(is_overdue=True)
    if mine == "1":
        complaints = complaints.filter(assignee=request.user)
    complaints = selectors.complaint_search(complaints, request.GET.get("q", ""))
    if wants_export(request):
        return xlsx_response(request, "don_thu", ["Số đơn", "Ngày nhận", "Loại", "Người gửi", "Xã/phường", "Trạng thái",
                                         "Hạn giải quyết", "Quá hạn", "Người được giao", "Kết quả", "Ngày kết thúc"], (
            [c.code, c.received_on, c.get_kind_display(), c.complainant_name, c.area.name, c.get_status_display(),
             c.due_on, "x" if c.is_overdue else "", str(c.assignee or ""), c.resolution, c.closed_on]
            for c in complaints))
    page, query = paginate(request, complaints)
    return render(request, "complaints/complaint_list.html", {
        "page": page, "query": query, "statuses": ComplaintStatus.choices, "kinds": ComplaintKind.choices,
        "communes": _communes(request.user), "can_receive": request.user.has_role(*COMPLAINT_STAFF),
        "overdue_total": selectors.overdue_count(user=request.user)})


def _subjects(request) -> dict:
    """The records named in the query string, each looked up in the user's scope (404 otherwise)."""
    found = {}
    for name, selector in SUBJECT_SELECTORS.items():
        value = request.GET.get(name, "")
        if value:
            if not value.isdigit():
                raise Http404
            found[name] = get_object_or_404(selector(user=request.user), pk=int(value))
    return found


@login_required
def complaint_receive(request):
    if not request.user.has_role(*COMPLAINT_STAFF):
        raise PermissionDenied
    subjects = _subjects(request)
    communes = _communes(request.user)
    form = forms.ReceiveForm(request.POST or None, request.FILES or None, communes=communes)
    if not request.POST:
        subject_area = next((services.subject_area(n, o) for n, o in subjects.items()), None) or request.user.area
        if subject_area is not None and subject_area.level == Level.COMMUNE:
            form.fields["area"].initial = subject_area.pk
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        letter = data.pop("letter")
        if data.pop("complainant_is_subject"):
            data["complainant"] = subjects.get("person") or next((o.person for o in subjects.values()), None)
        complaint = attempt(request, lambda: services.complaint_receive(
            by=request.user, files=[("letter", letter)] if letter else (), **data, **subjects), form)
        if complaint:
            message = (_("Đã tiếp nhận đơn %(code)s, hạn thụ lý %(due)s.") if complaint.needs_acceptance
                       else _("Đã tiếp nhận đơn %(code)s, hạn giải quyết %(due)s."))
            messages.success(request, message % {"code": complaint.code, "due": f"{complaint.due_on:%d/%m/%Y}"})
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/complaint_receive.html", {"form": form, "subjects": subjects})


def _timeline(complaint) -> list[dict]:
    """Receipt, status changes and notes, oldest first."""
    events = [{"at": complaint.created_at, "by": complaint.received_by, "status": ComplaintStatus.RECEIVED,
               "text": complaint.get_channel_display(), "kind": "transition"}]
    events += [{"at": t.at, "by": t.by, "status": t.to_status, "text": t.reason, "kind": "transition"}
               for t in transitions_of(complaint)]
    events += [{"at": n.at, "by": n.by, "text": n.text, "kind": "note"} for n in complaint.notes.select_related("by")]
    labels = dict(ComplaintStatus.choices)
    for event in events:
        if event["kind"] == "transition":
            event["label"] = labels.get(event["status"], event["status"])
    return sorted(events, key=lambda e: e["at"])


@login_required
def complaint_detail(request, pk, forms_=None):
    complaint = get_object_or_404(selectors.complaint_list(user=request.user).select_related(
        "complainant", "person", "payment__batch", "enrollment__program", "housing_case__household",
        "merit_profile", "protection_profile", "received_by"), pk=pk)
    user, forms_ = request.user, forms_ or {}
    is_decider = services.manages(user, complaint)
    is_handler = complaint.assignee_id == user.pk or is_decider
    payment_lines = allowances = None
    waiting = False
    if complaint.payment_id:
        payment_lines, allowances = payment_selectors.month_history(complaint.payment)
        waiting = payment_selectors.waiting_for_a_person(complaint.payment)
    person_payments = None
    if complaint.person_id and not complaint.payment_id:
        person_payments = payment_selectors.payment_list(user=user).filter(person=complaint.person)\
            .order_by("-period", "-id")[:12]
    can = complaint.is_open and user.has_role(*COMPLAINT_STAFF)
    resolve_form = forms_.get("resolve") or forms.ResolveForm()
    can_retry = waiting and Decisions(user).can_retry(complaint.payment)
    if not can_retry:  # only who decides the program's payments, only for a month waiting for a decision
        resolve_form.fields.pop("retry_payment", None)
    return render(request, "complaints/complaint_detail.html", {
        "complaint": complaint, "timeline": _timeline(complaint), "attachments": complaint.attachments.all(),
        "payment_lines": payment_lines, "allowances": allowances, "waiting": waiting,
        "person_payments": person_payments,
        "can_assign": can and is_decider,
        "can_start": can and complaint.status == ComplaintStatus.ASSIGNED and complaint.assignee_id == user.pk,
        "can_accept": can and is_handler and complaint.needs_acceptance,
        "can_extend": can and is_decider and complaint.kind == ComplaintKind.DENUNCIATION
        and complaint.accepted_on is not None,
        "can_resolve": can and is_handler and complaint.status == ComplaintStatus.IN_PROGRESS
        and not complaint.needs_acceptance,
        "accept_form": forms_.get("accept") or forms.AcceptForm(),
        "extend_form": forms_.get("extend") or forms.ExtendForm(),
        "can_reject": can and is_decider,
        "can_transfer": can and is_handler,
        "can_note": can, "can_attach": user.has_role(*COMPLAINT_STAFF),
        "assign_form": forms_.get("assign") or forms.AssignForm(users=selectors.assignable_users(complaint)),
        "resolve_form": resolve_form, "can_retry": can_retry,
        "transfer_form": forms_.get("transfer") or forms.TransferForm(),
        "note_form": forms_.get("note") or forms.NoteForm(),
        "attachment_form": forms_.get("attach") or forms.AttachmentForm(),
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def complaint_action(request, pk, action):
    complaint = get_object_or_404(selectors.complaint_list(user=request.user), pk=pk)
    if not request.user.has_role(*COMPLAINT_STAFF):
        raise PermissionDenied
    post, files, by = request.POST, request.FILES, request.user
    if action == "assign":
        form = forms.AssignForm(post, users=selectors.assignable_users(complaint))
        call = lambda: services.complaint_assign(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "resolve":
        form = forms.ResolveForm(post, files)
        call = lambda: services.complaint_resolve(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "transfer":
        form = forms.TransferForm(post)
        call = lambda: services.complaint_transfer(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "note":
        form = forms.NoteForm(post)
        call = lambda: services.complaint_note_add(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "attach":
        form = forms.AttachmentForm(post, files)
        call = lambda: services.complaint_attach(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "accept":
        form = forms.AcceptForm(post)
        call = lambda: services.complaint_accept(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "extend":
        form = forms.ExtendForm(post)
        call = lambda: services.complaint_extend(by=by, complaint=complaint, **form.cleaned_data)  # noqa: E731
    elif action == "start":
        form, call = None, lambda: services.complaint_start(by=by, complaint=complaint)
    elif action == "reject":
        form, call = None, lambda: services.complaint_reject(by=by, complaint=complaint,
                                                             reason=post.get("reason", ""))
    else:
        raise Http404
    if form is not None and not form.is_valid():
        return complaint_detail(request, pk, forms_={action: form})
    if attempt(request, call, form) is None:
        if form is not None:
            return complaint_detail(request, pk, forms_={action: form})
        return redirect("complaints:detail", pk=pk)
    messages.success(request, _("Đã cập nhật đơn."))
    return redirect("complaints:detail", pk=pk)


@login_required
@require_GET
def attachment_download(request, pk, attachment_pk):
    complaint = get_object_or_404(selectors.complaint_list(user=request.user), pk=pk)
    attachment = get_object_or_404(complaint.attachments, pk=attachment_pk)
    return private_file(request, attachment.file, what="complaint_attachment", object_id=attachment.pk,
                        person_id=complaint.person_id)


@login_required
def complaint_report(request):
    """The monthly report on the page, with PDF and Excel downloads of the same figures."""
    today = timezone.localdate()
    try:
        month = selectors.report_month(request.GET.get("month"))
    except ValidationError as exc:
        messages.error(request, exc.message_dict["month"][0])
        month = today.replace(day=1)
    try:
        area, _day = resolve(request.user, request.GET.get("area"), None)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("complaints:list")
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        return reports.report_download(area, month, fmt)
    rows = selectors.monthly_report(area=area, month=month)
    return render(request, "complaints/report.html", {
        "rows": rows, "totals": reports.totals(rows), "area": area, "month": month,
        "areas": areas_in_scope(request.user).exclude(level=Level.DISTRICT).order_by("level", "name")})
