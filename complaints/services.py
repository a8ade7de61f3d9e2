"""Receiving, assigning, working and closing complaints. Every change goes through here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SO_ROLES, Role, User
from accounts.scoping import ensure_in_scope, in_scope, require_role
from areas.models import Area, Level, RemotePeriod
from beneficiaries.services.documents import upload_errors
from beneficiaries.validators import DIGITS_9, DIGITS_12, PHONE
from common.audit import acting_as
from common.exceptions import Conflict, DomainError
from common.transitions import ensure_transition_allowed, transition
from common.workflow import require_reason
from complaints.models import (
    ACCEPTED_KINDS,
    COMPLAINT_STAFF,
    AttachmentKind,
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintExtension,
    ComplaintKind,
    ComplaintNote,
    ComplaintStatus,
    Complexity,
    DeadlineRule,
    DeadlineStep,
    Holiday,
)
from payments.models import BatchStatus
from payments.services.corrections import payment_retry_allow
from programs.authority import decision_rule
from programs.models import DecisionLevel

SATURDAY = 5


def deadline_rule(kind: str, day: datetime.date, *, step: str = DeadlineStep.RESOLVE, complexity: str = "",
                  remote: bool = False, second_round: bool = False) -> DeadlineRule:
    """The rule in force on ``day`` for this step of this case; DomainError when the reference data has none.

    The most specific row wins: a case's complexity, remoteness and round each fall back to the plain row
    when the law sets no separate limit for them (a remote denunciation has the ordinary limit).
    """
    in_force = DeadlineRule.objects.filter(kind=kind, step=step, valid_from__lte=day)\
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("-valid_from")
    for c, r in ((complexity, remote), ("", remote), (complexity, False), ("", False)):
        rule = in_force.filter(complexity=c, remote=r, second_round=second_round).first()
        if rule is not None:
            return rule
    raise DomainError(_("Chưa có thời hạn “%(step)s” cho loại đơn “%(kind)s” áp dụng ngày %(day)s: quản trị viên "
                        "cần khai báo trong danh mục.")
                      % {"step": DeadlineStep(step).label, "kind": ComplaintKind(kind).label,
                         "day": f"{day:%d/%m/%Y}"}, code="no_deadline_rule")


def due_date(received_on: datetime.date, rule: DeadlineRule, holidays: set[datetime.date] | None = None) \
        -> datetime.date:
    """Count ``rule.days`` from the day after ``received_on`` (or whichever day the step runs from).

    Calendar days when the rule counts weekends, and a deadline that falls on a Saturday, a Sunday
    or a holiday moves to the next working day (Bộ luật Dân sự 2015, Điều 148); otherwise working
    days only, holidays skipped. ``holidays`` defaults to the Holiday table.
    """
    if holidays is None:
        holidays = set(Holiday.objects.filter(day__gt=received_on).values_list("day", flat=True))

    def working(day):
        return day.weekday() < SATURDAY and day not in holidays

    if rule.count_weekends:
        due = received_on + datetime.timedelta(days=rule.days)
        while not working(due):
            due += datetime.timedelta(days=1)
        return due
    due, counted = received_on, 0
    while counted < rule.days:
        due += datetime.timedelta(days=1)
        if working(due):
            counted += 1
    return due


SUBJECTS = ("person", "merit_profile", "protection_profile", "enrollment", "payment", "housing_case")


# The subject that names who decides, most specific first, and the kind of decision it is.
ROUTED_BY = (("payment", "payment_batch"), ("enrollment", "enrollment"), ("protection_profile", "protection_profile"),
             ("merit_profile", "merit_profile"), ("housing_case", "housing_case"))


def complaint_route(subjects: dict, day: datetime.date) -> tuple[str, str]:
    """(level, agency) that handles a complaint about ``subjects``, from the decision table in force on ``day``.

    The commune handles what its chairman decides and a complaint about no particular case; the Sở that owns the
    subject handles the rest. DomainError when the table says nothing for the subject.
    """
    for name, kind in ROUTED_BY:
        obj = subjects.get(name)
        if obj is None:
            continue
        program = obj.enrollment.program if name == "payment" else obj.program if name == "enrollment" else None
        rule = decision_rule(kind, program, day)
        if rule is None:
            raise DomainError(_("Chưa khai báo cơ quan giải quyết cho “%(s)s” (quản trị: Thẩm quyền quyết định).")
                              % {"s": kind}, code="no_decision_rule")
        return rule.level, rule.agency
    return DecisionLevel.COMMUNE, ""


def manages(user: User, complaint: Complaint) -> bool:
    """Whether ``user`` heads the handling of ``complaint``: assigns, rejects, extends, allows a payment again."""
    if not user.is_active:
        return False
    if complaint.level == DecisionLevel.COMMUNE:
        return user.role == Role.COMMUNE_LEADER and user.area_id == complaint.area_id
    return user.role in SO_ROLES and user.agency == complaint.agency


def handler_name(complaint: Complaint) -> str:
    if complaint.level == DecisionLevel.COMMUNE:
        return _("Chủ tịch UBND %(area)s") % {"area": complaint.area.name}
    return _("chuyên viên, lãnh đạo %(agency)s") % {"agency": complaint.get_agency_display()}


def ensure_manager(complaint: Complaint, by: User) -> None:
    if not manages(by, complaint):
        raise PermissionDenied(_("Đơn này do %(who)s giải quyết.") % {"who": handler_name(complaint)})


def subject_area(name: str, obj) -> Area:
    if name == "person":
        return obj.area
    if name == "housing_case":
        return obj.household.area
    return obj.person.area


@transaction.atomic
def complaint_receive(*, by: User, kind: str, channel: str, received_on: datetime.date, area: Area, content: str,
                      complainant=None, complainant_name: str = "", complainant_id_number: str = "",
                      complainant_address: str = "", complainant_phone: str = "", files=(),
                      second_round: bool = False, **subjects) -> Complaint:
    """Record a complaint received by the commune or the Sở, with its first deadline.

    A complaint or denunciation must be accepted (thụ lý) by the acceptance deadline, counted from receipt; a
    request is settled within its limit from receipt.

    ``subjects`` are any of SUBJECTS (the records it is about); a payment line, profile,
    enrollment or housing case brings its person along. ``files`` are (kind, file) pairs. The case goes to whoever
    decides its subject (``complaint_route``).
    """
    require_role(by, *COMPLAINT_STAFF)
    unknown = set(subjects) - set(SUBJECTS)
    if unknown:
        raise TypeError(f"unknown subjects: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = [_("Chọn loại đơn: khiếu nại, tố cáo hoặc kiến nghị, phản ánh.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Chọn hình thức tiếp nhận.")]
    if area is None or area.level != Level.COMMUNE:
        errors["area"] = [_("Chọn xã/phường nơi phát sinh vụ việc.")]
    elif not in_scope(by, area):
        raise PermissionDenied(_("Địa bàn này nằm ngoài phạm vi được giao cho bạn."))
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = [_("Ngày tiếp nhận không được ở tương lai.")]
    if not (content or "").strip():
        errors["content"] = [_("Cần ghi nội dung đơn.")]
    if second_round and kind != ComplaintKind.COMPLAINT:
        errors["second_round"] = [_("Chỉ khiếu nại mới có giải quyết lần hai.")]
    if complainant is not None:
        ensure_in_scope(by, complainant.area)
        complainant_name = complainant_name.strip() or complainant.full_name
        complainant_id_number = complainant_id_number.strip() or complainant.national_id
    if not (complainant_name or "").strip():
        errors["complainant_name"] = [_("Cần ghi họ tên người gửi đơn.")]
    id_number = (complainant_id_number or "").strip()
    if id_number and not (DIGITS_12.match(id_number) or DIGITS_9.match(id_number)):
        errors["complainant_id_number"] = [_("Số định danh gồm 12 chữ số (hoặc 9 chữ số với CMND cũ).")]
    phone = (complainant_phone or "").strip().replace(" ", "")
    if phone and not PHONE.match(phone):
        errors["complainant_phone"] = [_("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")]
    subjects = {name: obj for name, obj in subjects.items() if obj is not None}
    for name, obj in subjects.items():
        where = subject_area(name, obj)
        if not in_scope(by, where):
            errors[name] = [_("Hồ sơ này nằm ngoài phạm vi được giao cho bạn.")]
        elif area is not None and where.pk != area.pk:  # the commune handling it sees the person: theirs only
            errors[name] = [_("Hồ sơ này thuộc %(where)s, không phải xã nhận đơn (%(area)s): chọn đúng xã.")
                            % {"where": where.name, "area": area.name}]
    payment = subjects.get("payment")
    if payment is not None and payment.batch.status == BatchStatus.DRAFT:
        errors["payment"] = [_("Dòng chi trả thuộc bảng chi trả còn nháp (chưa chi): chưa nhận đơn về dòng này.")]
    persons = {obj.pk if name == "person" else obj.person_id for name, obj in subjects.items()}
    if len(persons) > 1:
        errors["person"] = [_("Các hồ sơ liên quan phải cùng của một người.")]
    if errors:
        raise ValidationError(errors)
    if persons and "person" not in subjects:
        subjects["person"] = next(obj.person for obj in subjects.values())
    for kind_, file in files:
        _check_upload(kind_, file)
    level, agency = complaint_route(subjects, received_on)
    accepting = kind in ACCEPTED_KINDS
    rule = deadline_rule(kind, received_on, step=DeadlineStep.ACCEPT if accepting else DeadlineStep.RESOLVE)
    due = due_date(received_on, rule)
    complaint = Complaint(
        kind=kind, channel=channel, received_on=received_on, area=area, content=content.strip(),
        complainant=complainant, complainant_name=complainant_name.strip(), complainant_id_number=id_number,
        complainant_address=(complainant_address or "").strip(), complainant_phone=phone,
        second_round=bool(second_round), accept_due_on=due if accepting else None,
        due_on=due, deadline_rule=rule, level=level, agency=agency, received_by=by, **subjects)
    with acting_as(by):
        complaint.save()
        for kind_, file in files:
            _attach(by, complaint, kind_, file)
    return complaint


def _lock(complaint: Complaint, by: User) -> Complaint:
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("area", "payment")\
        .get(pk=complaint.pk)
    ensure_in_scope(by, locked.area)
    return locked


def _ensure_handler(complaint: Complaint, by: User) -> None:
    """The assignee works the case; whoever heads its handling may act on it too."""
    if complaint.assignee_id != by.pk and not manages(by, complaint):
        raise PermissionDenied(_("Chỉ người được giao hoặc %(who)s mới xử lý đơn này.")
                               % {"who": handler_name(complaint)})


def may_be_assigned(user: User, complaint: Complaint) -> bool:
    """The commune's own staff, or for a case of a Sở, that Sở's staff (or the commune's staff, to verify)."""
    if not (user.is_active and user.has_role(*COMPLAINT_STAFF)):
        return False
    if user.area_id == complaint.area_id:
        return True
    return complaint.level == DecisionLevel.PROVINCE and user.role in SO_ROLES and user.agency == complaint.agency \
        and complaint.area.path.startswith(user.area.path)


@transaction.atomic
def complaint_assign(*, by: User, complaint: Complaint, assignee: User, note: str = "") -> Complaint:
    """Whoever heads the case (``manages``) hands it to a staff member who may work it (``may_be_assigned``)."""
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    ensure_manager(complaint, by)
    ensure_transition_allowed(complaint, ComplaintStatus.ASSIGNED)
    if assignee is None or not may_be_assigned(assignee, complaint):
        raise ValidationError({"assignee": [_("Người được giao phải là cán bộ đang hoạt động của xã nơi có đơn, "
                                              "hoặc của cơ quan giải quyết đơn.")]})
    if assignee.pk == complaint.assignee_id:
        raise ValidationError({"assignee": [_("Đơn đã được giao cho người này.")]})
    with acting_as(by):
        return transition(complaint, to=ComplaintStatus.ASSIGNED, by=by, reason=(note or "").strip(),
                          fields={"assignee": assignee})


@transaction.atomic
def complaint_accept(*, by: User, complaint: Complaint, accepted_on: datetime.date | None = None,
                     complexity: str = "") -> Complaint:
    """Accept (thụ lý) a complaint or denunciation: its settlement deadline now runs from that day.

    The limit depends on the complexity, on whether the commune counted as remote on the day of acceptance
    and on the round (a second complaint); the Sở or the assignee accepts.
    """
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    _ensure_handler(complaint, by)
    accepted_on = accepted_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if complaint.kind not in ACCEPTED_KINDS:
        raise DomainError(_("Kiến nghị, phản ánh không có bước thụ lý."), code="no_acceptance")
    if not complaint.is_open:
        raise Conflict(_("Đơn đã kết thúc."), code="closed")
    if complaint.accepted_on is not None:
        raise Conflict(_("Đơn đã được thụ lý ngày %(day)s.") % {"day": f"{complaint.accepted_on:%d/%m/%Y}"},
                          code="already_accepted")
    if not complaint.received_on <= accepted_on <= timezone.localdate():
        errors["accepted_on"] = [_("Ngày thụ lý phải từ ngày nhận đơn đến hôm nay.")]
    if complexity not in Complexity.values or (complexity == Complexity.ESPECIALLY
                                               and complaint.kind != ComplaintKind.DENUNCIATION):
        errors["complexity"] = [_("Mức độ không hợp lệ (“đặc biệt phức tạp” chỉ dành cho tố cáo).")]
    if errors:
        raise ValidationError(errors)
    remote = RemotePeriod.covers(complaint.area, accepted_on)
    rule = deadline_rule(complaint.kind, accepted_on, complexity=complexity, remote=remote,
                         second_round=complaint.second_round)
    due = due_date(accepted_on, rule)
    with acting_as(by):
        ComplaintNote.objects.create(complaint=complaint, by=by, text=_(
            "Thụ lý ngày %(day)s; hạn giải quyết %(due)s (%(rule)s).")
            % {"day": f"{accepted_on:%d/%m/%Y}", "due": f"{due:%d/%m/%Y}", "rule": rule})
        complaint.accepted_on, complaint.complexity, complaint.remote = accepted_on, complexity, remote
        complaint.due_on, complaint.deadline_rule = due, rule
        complaint.save(update_fields=["accepted_on", "complexity", "remote", "due_on", "deadline_rule",
                                      "updated_at"])
    return complaint


@transaction.atomic
def complaint_extend(*, by: User, complaint: Complaint, reason: str, complexity: str = "") -> Complaint:
    """Extend an accepted denunciation's deadline: once if complicated, twice if especially complicated."""
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    ensure_manager(complaint, by)
    reason = require_reason(reason)
    if complaint.kind != ComplaintKind.DENUNCIATION:
        raise DomainError(_("Chỉ gia hạn giải quyết tố cáo."), code="no_extension")
    if not complaint.is_open or complaint.accepted_on is None:
        raise Conflict(_("Chỉ gia hạn tố cáo đã thụ lý và đang giải quyết."), code="not_accepted")
    complexity = complexity or complaint.complexity
    if complexity not in (Complexity.COMPLICATED, Complexity.ESPECIALLY):
        raise ValidationError({"complexity": [_("Chỉ gia hạn vụ việc phức tạp hoặc đặc biệt phức tạp.")]})
    rule = deadline_rule(complaint.kind, complaint.accepted_on, step=DeadlineStep.EXTEND, complexity=complexity)
    done = complaint.extensions.count()
    if done >= rule.times:
        raise Conflict(_("Đã gia hạn %(n)s lần: hết số lần gia hạn cho vụ việc “%(c)s”.")
                          % {"n": done, "c": Complexity(complexity).label}, code="no_more_extensions")
    due = due_date(complaint.due_on, rule)
    with acting_as(by):
        ComplaintExtension.objects.create(complaint=complaint, reason=reason, previous_due_on=complaint.due_on,
                                          due_on=due, rule=rule, by=by)
        complaint.complexity, complaint.due_on = complexity, due
        complaint.save(update_fields=["complexity", "due_on", "updated_at"])
    return complaint


@transaction.atomic
def complaint_start(*, by: User, complaint: Complaint) -> Complaint:
    """The assignee starts verifying (xác minh) the case."""
    complaint = _lock(complaint, by)
    ensure_transition_allowed(complaint, ComplaintStatus.IN_PROGRESS)
    if complaint.assignee_id != by.pk:
        raise PermissionDenied(_("Chỉ người được giao mới bắt đầu giải quyết đơn."))
    with acting_as(by):
        return transition(complaint, to=ComplaintStatus.IN_PROGRESS, by=by)


@transaction.atomic
def complaint_resolve(*, by: User, complaint: Complaint, resolution: str, decision_no: str = "",
                      decision_date: datetime.date | None = None, decision_file=None,
                      retry_payment: bool = False) -> Complaint:
    """Close the case with its outcome; optionally let the next batch pay the complained-about month again.

    The correction goes through ``payment_retry_allow`` (the decision of whoever decides the program's payments:
    the commune chairman or the owning Sở), never by editing the line.
    """
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    ensure_transition_allowed(complaint, ComplaintStatus.RESOLVED)
    _ensure_handler(complaint, by)
    if complaint.needs_acceptance:
        raise Conflict(_("Đơn chưa được thụ lý: thụ lý trước, rồi mới ra văn bản giải quyết."),
                          code="not_accepted")
    errors: dict[str, list[str]] = {}
    if not (resolution or "").strip():
        errors["resolution"] = [_("Cần ghi kết quả giải quyết.")]
    if decision_date and (decision_date < complaint.received_on or decision_date > timezone.localdate()):
        errors["decision_date"] = [_("Ngày văn bản phải từ ngày tiếp nhận đến hôm nay.")]
    if retry_payment and complaint.payment is None:
        errors["retry_payment"] = [_("Đơn không gắn với dòng chi trả nào.")]
    if errors:
        raise ValidationError(errors)
    if decision_file is not None:
        _check_upload(AttachmentKind.DECISION, decision_file)
    with acting_as(by):
        if retry_payment:
            payment_retry_allow(by=by, payment=complaint.payment,
                                reason=_("Giải quyết đơn %(code)s") % {"code": complaint.code})
        if decision_file is not None:
            _attach(by, complaint, AttachmentKind.DECISION, decision_file, title=decision_no)
        return transition(complaint, to=ComplaintStatus.RESOLVED, by=by, fields={
            "resolution": resolution.strip(), "decision_no": (decision_no or "").strip(),
            "decision_date": decision_date, "closed_on": timezone.localdate()})


@transaction.atomic
def complaint_reject(*, by: User, complaint: Complaint, reason: str) -> Complaint:
    """Whoever heads the case declines to handle it (không thụ lý): anonymous, out of time, already settled…"""
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    ensure_manager(complaint, by)
    reason = require_reason(reason)
    ensure_transition_allowed(complaint, ComplaintStatus.REJECTED)
    with acting_as(by):
        return transition(complaint, to=ComplaintStatus.REJECTED, by=by, reason=reason,
                          fields={"closed_on": timezone.localdate()})


@transaction.atomic
def complaint_transfer(*, by: User, complaint: Complaint, transferred_to: str, reason: str = "") -> Complaint:
    """Send it to the body that has the power to settle it; the case closes here."""
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    ensure_transition_allowed(complaint, ComplaintStatus.TRANSFERRED)
    _ensure_handler(complaint, by)
    if not (transferred_to or "").strip():
        raise ValidationError({"transferred_to": [_("Cần ghi cơ quan nhận đơn.")]})
    with acting_as(by):
        return transition(complaint, to=ComplaintStatus.TRANSFERRED, by=by, reason=(reason or "").strip(),
                          fields={"transferred_to": transferred_to.strip(), "closed_on": timezone.localdate()})


@transaction.atomic
def complaint_note_add(*, by: User, complaint: Complaint, text: str) -> ComplaintNote:
    """A dated note on the work done (a visit, a call, a document asked for)."""
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    if not (text or "").strip():
        raise ValidationError({"text": [_("Cần ghi nội dung.")]})
    if not complaint.is_open:
        raise DomainError(_("Đơn đã kết thúc: không thêm ghi chú."), code="closed")
    with acting_as(by):
        return ComplaintNote.objects.create(complaint=complaint, text=text.strip(), by=by)


@transaction.atomic
def complaint_attach(*, by: User, complaint: Complaint, kind: str, file, title: str = "") -> ComplaintAttachment:
    require_role(by, *COMPLAINT_STAFF)
    complaint = _lock(complaint, by)
    _check_upload(kind, file)
    with acting_as(by):
        return _attach(by, complaint, kind, file, title)


def _check_upload(kind: str, file) -> None:
    errors = upload_errors(file)
    if kind not in AttachmentKind.values:
        errors["kind"] = [_("Loại tệp không hợp lệ.")]
    if errors:
        raise ValidationError(errors)


def _attach(by: User, complaint: Complaint, kind: str, file, title: str = "") -> ComplaintAttachment:
    return ComplaintAttachment.objects.create(complaint=complaint, kind=kind, title=(title or "").strip()[:200],
                                              file=file, size=file.size, uploaded_by=by)
