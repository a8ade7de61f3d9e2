"""Submit and decide on any person-bound workflow record (profiles, enrollments).

Each function: role check, row lock, scope check on the person's area, the
four-eyes rule, an optional eligibility ``check`` run on the locked record,
then ``common.transitions.transition``. Callers wrap them in their own
named services (``profile_approve``, ``enrollment_approve``…).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CASE_DECIDERS, DECIDERS, REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from common.audit import acting_as
from common.exceptions import DomainError
from common.models import CaseStatus
from common.transitions import ensure_transition_allowed, transition


def lock_case(case, by: User):
    """Re-read ``case`` under a row lock and check its person lies in the user's scope."""
    locked = type(case).objects.select_for_update(of=("self",)).select_related("person__area").get(pk=case.pk)
    ensure_in_scope(by, locked.person.area)
    return locked


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do.")})
    return reason


def ensure_editable(case) -> None:
    if not case.is_editable:
        raise DomainError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: chỉ sửa được khi là nháp hoặc bị trả lại.")
            % {"status": case.get_status_display()}, code="not_editable")


def case_submit(*, by: User, case, check=None, authorize=None):
    """Send a draft or returned record for decision (must run inside a transaction); ``authorize(locked)`` may
    refuse the user (a Sở submits only its own department's cases)."""
    require_role(by, *REGISTRARS)
    case = lock_case(case, by)
    if authorize:
        authorize(case)
    if not case.person.is_alive and not getattr(case, "for_deceased", False):
        raise ValidationError({"person": _("Người này đã mất: không gửi hồ sơ.")})
    if check and case.status in case.EDITABLE:
        check(case)
    with acting_as(by):
        return transition(case, to=CaseStatus.SUBMITTED, by=by,
                          fields={"submitted_by": by, "submitted_at": timezone.now()})


# The statuses each decision starts from: the state machine alone would let "approve"
# act as "resume" on a suspended record, skipping what resuming records.
DECISION_FROM = {
    CaseStatus.APPROVED: (CaseStatus.SUBMITTED,),
    CaseStatus.REJECTED: (CaseStatus.SUBMITTED,),
    CaseStatus.RETURNED: (CaseStatus.SUBMITTED,),
    CaseStatus.SUSPENDED: (CaseStatus.APPROVED,),
    CaseStatus.ENDED: (CaseStatus.APPROVED, CaseStatus.SUSPENDED),
}
RESUME_FROM = (CaseStatus.SUSPENDED,)


def case_decide(*, by: User, case, to: str, reason: str = "", reason_required: bool = False,
                fields: dict | None = None, check=None, after=None, from_statuses: tuple | None = None,
                authorize=None):
    """Apply a decision; ``authorize(locked)`` says who may take it (default: the Sở), ``check(locked)`` may
    refuse it, ``after(locked)`` records side effects."""
    require_role(by, *(CASE_DECIDERS if authorize else DECIDERS))
    case = lock_case(case, by)
    if authorize:
        authorize(case)  # who decides comes before the input is read
    if reason_required:
        reason = require_reason(reason)
    ensure_transition_allowed(case, to, from_statuses or DECISION_FROM.get(to, ()))
    if case.status == CaseStatus.SUBMITTED and case.submitted_by_id == by.id:
        raise PermissionDenied(_("Người duyệt không được là người đã gửi hồ sơ."))
    if check:
        check(case)
    with acting_as(by):
        case = transition(case, to=to, by=by, reason=(reason or "").strip(), fields=fields)
        if after:
            after(case)
    return case


def approval_fields(by: User, decision_no: str = "", decision_date=None) -> dict:
    fields = {"approved_by": by, "approved_at": timezone.now()}
    if decision_no:
        fields["decision_no"] = decision_no.strip()
    if decision_date:
        fields["decision_date"] = decision_date
    return fields


ACTION_LABELS = {
    "submit": _("Gửi Sở duyệt"), "approve": _("Duyệt"), "reject": _("Từ chối"), "return": _("Trả lại"),
    "suspend": _("Tạm dừng"), "resume": _("Tiếp tục"), "end": _("Chấm dứt"),
}
ACTION_TARGET = {"submit": CaseStatus.SUBMITTED, "approve": CaseStatus.APPROVED, "reject": CaseStatus.REJECTED,
                 "return": CaseStatus.RETURNED, "suspend": CaseStatus.SUSPENDED, "resume": CaseStatus.APPROVED,
                 "end": CaseStatus.ENDED}
NEEDS_REASON = frozenset({"reject", "return", "suspend", "end"})


def actions_for(user: User, case, url_for=None, can_decide: bool | None = None) -> list[tuple[str, str, bool, str]]:
    """Return (action, label, needs reason, url) for what ``user`` may do on ``case`` now (for buttons).

    Mirrors the services' checks (status, role, four-eyes); they check again when the action is taken.
    ``can_decide``: whether the decision table gives the user this case (default: any Sở staff).
    """
    actions = []
    for name, target in ACTION_TARGET.items():
        if target not in case.TRANSITIONS.get(case.status, ()):
            continue
        if name == "resume" and case.status not in RESUME_FROM:
            continue
        if name != "submit" and name != "resume" and case.status not in DECISION_FROM.get(target, ()):
            continue
        if name == "submit" and not user.has_role(*REGISTRARS):
            continue
        if name != "submit" and not (user.has_role(*DECIDERS) if can_decide is None else can_decide):
            continue
        if name in ("approve", "reject", "return") and case.submitted_by_id == user.id:
            continue
        actions.append((name, ACTION_LABELS[name], name in NEEDS_REASON, url_for(name) if url_for else ""))
    return actions
