"""Pages for payment batches. Reads through selectors, writes through services."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.masking import id_for
from accounts.readlog import DOWNLOAD, EXPORT, record_read
from accounts.scoping import areas_in_scope
from areas.models import Level
from beneficiaries.models import Person
from beneficiaries.selectors import person_search
from common.exceptions import DomainError
from common.exports import wants_export, xlsx_response
from common.views import attempt, paginate
from payments import selectors
from payments.models import CASHLESS, BatchStatus, PaymentKind, PaymentStatus
from payments.pdf import payment_list_pdf
from payments.services import bank_files, batches
from programs.authority import BatchStep, Decisions, batch_programs
from programs.models import Program

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@login_required
def batch_list(request):
    queryset = selectors.batch_list(user=request.user)
    status = request.GET.get("status", "")
    if status in BatchStatus.values:
        queryset = queryset.filter(status=status)
    areas = areas_in_scope(request.user).filter(level__in=[Level.PROVINCE, Level.COMMUNE]).order_by("level", "name")
    programs = batch_programs(request.user)
    return render(request, "payments/batch_list.html", {
        "batches": queryset[:200], "statuses": BatchStatus.choices, "status": status,
        "programs": programs, "areas": areas,
        "can_manage": bool(programs), "this_month": timezone.localdate().strftime("%Y-%m"),
    })


@login_required
@require_POST
def batch_create(request):
    program = Program.objects.filter(code=request.POST.get("program")).first()
    area = areas_in_scope(request.user).filter(code=request.POST.get("area")).first()
    period = request.POST.get("period", "")
    if program is None or area is None or not PERIOD.match(period):
        messages.error(request, _("Chọn chính sách, địa bàn và tháng (YYYY-MM)."))
        return redirect("payments:batch_list")
    job = attempt(request, lambda: batches.payment_batch_generate_start(by=request.user, program=program,
                                                                         period=period, area=area))
    return redirect(job) if job else redirect("payments:batch_list")


def _rule_problems(batch) -> list[dict]:
    """The summary's problem entries, each with its exclusion if a decider made one."""
    excluded = {x.enrollment_id: x for x in batch.exclusions.all()}
    return [{**entry, "exclusion": excluded.get(entry["enrollment"]),
             "months": [f"{m[5:7]}/{m[:4]}" for m in entry["months"]]}  # shown as mm/yyyy
            for entry in batch.summary.get("problems", [])]


@login_required
def batch_detail(request, pk, report=None):
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    lines = batch.lines.select_related("person__area").order_by("person__full_name", "period")
    status, kind, q = request.GET.get("status", ""), request.GET.get("kind", ""), request.GET.get("q", "")
    if status in PaymentStatus.values:
        lines = lines.filter(status=status)
    if kind in PaymentKind.values:
        lines = lines.filter(kind=kind)
    if request.GET.get("unverified"):  # lines to an account nobody has checked yet
        lines = lines.filter(channel__in=CASHLESS).exclude(person__account_verification="verified")
    if q:
        lines = lines.filter(person__in=person_search(Person.objects.all(), q, user=request.user))
    communes = (batch.lines.values("person__area__code", "person__area__name").distinct()
                .order_by("person__area__name"))
    if wants_export(request):
        return xlsx_response(request, f"chi_tra_{batch.program.code}_{batch.period:%Y%m}", [
            "Mã giao dịch", "Họ và tên", "Xã/phường", "Tháng", "Loại", "Số tiền", "Hình thức", "Mã ngân hàng",
            "Số tài khoản", "Trạng thái", "Mã GD ngân hàng", "Lý do lỗi"], (
            [p.reference, p.person.full_name, p.person.area.name, f"{p.period:%m/%Y}", p.get_kind_display(), p.amount,
             p.get_channel_display(), p.bank_code, id_for(request.user, p.account_number), p.get_status_display(),
             p.bank_transaction_id, p.failure_reason] for p in lines.iterator(chunk_size=2000)))
    page, query = paginate(request, lines, 100)
    decisions = Decisions(request.user)
    return render(request, "payments/batch_detail.html", {
        "batch": batch, "page": page, "query": query, "communes": communes,
        "statuses": PaymentStatus.choices, "kinds": PaymentKind.choices, "report": report,
        "kind_counts": [(PaymentKind(k).label, n) for k, n in batch.summary.get("lines_by_kind", {}).items()],
        "can_manage": decisions.batch(batch, BatchStep.PREPARE),
        "can_approve": decisions.batch(batch, BatchStep.APPROVE) and batch.generated_by_id != request.user.id,
        "problems": bank_files.account_problems(batch) if batch.status == BatchStatus.APPROVED else [],
        "rule_problems": _rule_problems(batch),
    })


@login_required
@require_POST
def batch_action(request, pk, action):
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    services = {"approve": batches.payment_batch_approve, "regenerate": batches.payment_batch_regenerate,
                "cancel": lambda **kw: batches.payment_batch_cancel(reason=request.POST.get("reason", ""), **kw)}
    if action not in services:
        raise Http404
    if attempt(request, lambda: services[action](by=request.user, batch=batch)):
        messages.success(request, {"approve": _("Đã duyệt bảng chi trả."), "regenerate": _("Đã lập lại bảng."),
                                   "cancel": _("Đã huỷ bảng chi trả.")}[action])
    return redirect("payments:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_exclude(request, pk):
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    try:
        enrollment_id = int(request.POST.get("enrollment", ""))
    except ValueError:
        messages.error(request, _("Chọn người cần loại khỏi bảng."))
        return redirect("payments:batch_detail", pk=batch.pk)
    if attempt(request, lambda: batches.payment_batch_exclude(by=request.user, batch=batch,
                                                              enrollment_id=enrollment_id,
                                                              reason=request.POST.get("reason", ""))):
        messages.success(request, _("Đã loại người này khỏi bảng; các tháng của họ chờ bảng sau."))
    return redirect("payments:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_export(request, pk):
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    fmt, channel = request.POST.get("format", "csv"), request.POST.get("channel", "cashless")
    try:
        name, content_type, body = bank_files.payment_batch_export(by=request.user, batch=batch, fmt=fmt,
                                                                    channel=channel)
    except DomainError as exc:
        people = exc.extra.get("people", [])
        messages.error(request, exc.message + (" " + "; ".join(
            f"{p['full_name']}: {', '.join(p['problems'])}" for p in people[:20]) if people else ""))
        return redirect("payments:batch_detail", pk=batch.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("payments:batch_detail", pk=batch.pk)
    record_read(request, EXPORT, "bank_file", object_id=batch.pk, filters={"format": fmt, "channel": channel})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def batch_reconcile(request, pk):
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn tệp kết quả của ngân hàng (CSV hoặc XLSX)."))
        return redirect("payments:batch_detail", pk=batch.pk)
    try:
        result = bank_files.payment_batch_reconcile(by=request.user, batch=batch, filename=upload.name,
                                                    content=upload.read())
    except DomainError as exc:
        messages.error(request, exc.message)
        return batch_detail(request, pk, report=exc.extra.get("rows", []))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("payments:batch_detail", pk=batch.pk)
    messages.success(request, _("Đã ghi nhận: %(paid)s dòng đã chi, %(failed)s dòng lỗi, %(same)s dòng không đổi.")
                     % {"paid": result.paid, "failed": result.failed, "same": result.unchanged})
    return redirect("payments:batch_detail", pk=batch.pk)


@login_required
def batch_pdf(request, pk, commune_code):
    """The payment list of one commune of the batch, as PDF."""
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    commune = get_object_or_404(areas_in_scope(request.user), code=commune_code)
    if batches.payment_list_is_long(batch, commune):
        job = batches.payment_list_pdf_start(by=request.user, batch=batch, commune=commune)
        messages.info(request, _("Danh sách dài: đang dựng PDF trong nền; tải tệp ở trang này khi xong."))
        return redirect(job)
    body = payment_list_pdf(batch, commune, request.user)
    record_read(request, DOWNLOAD, "payment_list_pdf", object_id=batch.pk, filters={"commune": commune.code})
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="danh_sach_chi_tra_{batch.program.code}_'
                                       f'{batch.period:%Y%m}_{commune.code}.pdf"')
    return response


def person_payments(user, person):
    """The person's payment lines, newest month first (person page)."""
    return selectors.payment_list(user=user).filter(person=person).select_related("batch__program")\
        .order_by("-period", "-created_at")[:120]

