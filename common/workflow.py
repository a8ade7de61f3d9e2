"""Submit and decide on any person-bound workflow record (profiles, enrollments).

Each function: role check, row lock, scope check on the person's area, the
four-eyes rule, an optional eligibility ``check`` run on the locked record,
then ``common.transitions.transition``. Callers wrap them in their own
named services (``profile_approve``, ``enrollment_approve``…).
"""

from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CASE_DECIDERS, REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from common.audit import acting_as
from common.exceptions import DomainError
from common.locking import lock_person_of
from common.models import CaseStatus
from common.transitions import ensure_transition_allowed, transition


def lock_case(case, by: User):
    """Re-read ``case`` under a row lock and check its person lies in the user's scope. The person is locked
    first (``common.locking``: one lock order for the whole system)."""
    lock_person_of(case)
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
        return transition(case, to=CASE_ACTIONS["submit"].to, by=by,
                          fields={"submitted_by": by, "submitted_at": timezone.now()})


@dataclass(frozen=True)
class CaseAction:
    """One action on a case (profile, enrollment): the single declaration the services, the API, the pages and
    the permission matrix read. Who takes it: the registrar (``decides=False``: submit) or whoever the decision
    table (programs.DecisionRule) names for the case."""

    name: str  # the URL segment (POST {id}/{name}/) and the service's suffix (profile_approve…)
    label: str
    to: str
    from_statuses: tuple[str, ...]
    decides: bool = True
    inputs: tuple[str, ...] = ()  # names in INPUTS
    dated_input: str = ""  # a date only dated cases (enrollments) take
    reason_required: bool = False

    @property
    def method(self) -> str:
        """The viewset method's name (``return`` is a Python keyword)."""
        return f"{self.name}_" if self.name == "return" else self.name


CASE_ACTIONS = {a.name: a for a in (
    CaseAction("submit", _("Gửi duyệt"), CaseStatus.SUBMITTED, (CaseStatus.DRAFT, CaseStatus.RETURNED),
               decides=False),
    CaseAction("approve", _("Duyệt"), CaseStatus.APPROVED, (CaseStatus.SUBMITTED,),
               inputs=("decision_no", "decision_date")),
    CaseAction("reject", _("Từ chối"), CaseStatus.REJECTED, (CaseStatus.SUBMITTED,), inputs=("reason",),
               reason_required=True),
    CaseAction("return", _("Trả lại"), CaseStatus.RETURNED, (CaseStatus.SUBMITTED,), inputs=("reason",),
               reason_required=True),
    CaseAction("suspend", _("Tạm dừng"), CaseStatus.SUSPENDED, (CaseStatus.APPROVED,), inputs=("reason",),
               dated_input="from_date", reason_required=True),
    # the state machine alone would let "approve" act as "resume" on a suspended record, skipping what resuming
    # records: each action names the statuses it starts from
    CaseAction("resume", _("Tiếp tục"), CaseStatus.APPROVED, (CaseStatus.SUSPENDED,), inputs=("reason",),
               dated_input="to_date"),
    CaseAction("end", _("Chấm dứt"), CaseStatus.ENDED, (CaseStatus.APPROVED, CaseStatus.SUSPENDED),
               inputs=("reason",), dated_input="end_date", reason_required=True),
)}

# Every input an action may take: (type, label); the API's serializers and the pages' parsing are built from it.
INPUTS = {
    "reason": ("text", _("Lý do")),
    "decision_no": ("text", _("Số quyết định")),
    "decision_date": ("date", _("Ngày quyết định")),
    "from_date": ("date", _("Tạm dừng từ ngày (mặc định hôm nay)")),
    "to_date": ("date", _("Tiếp tục từ ngày (mặc định hôm nay)")),
    "end_date": ("date", _("Hưởng đến ngày (mặc định cuối tháng này)")),
}


@dataclass(frozen=True)
class CaseKind:
    """A kind of case the table's actions apply to: the module whose ``{prefix}_{action}`` services run them."""

    services: ModuleType
    prefix: str  # "profile" → profile_approve(by=…, profile=…)
    dated: bool = False  # takes the actions' dated inputs

    def inputs(self, name: str) -> tuple[str, ...]:
        action = CASE_ACTIONS[name]
        return action.inputs + ((action.dated_input,) if self.dated and action.dated_input else ())

    def run(self, name: str, *, by: User, case, data: dict):
        """Take action ``name`` on ``case`` with the declared inputs found in ``data``."""
        service = getattr(self.services, f"{self.prefix}_{name}")
        return service(by=by, **{self.prefix: case}, **{key: data[key] for key in self.inputs(name) if key in data})


def case_decide(*, by: User, case, action: str, authorize, reason: str = "", fields: dict | None = None,
                check=None, after=None):
    """Take the declared decision ``action`` (CASE_ACTIONS); ``authorize(locked)`` says who may take it (the
    decision table), ``check(locked)`` may refuse it, ``after(locked)`` records side effects."""
    declared = CASE_ACTIONS[action]
    to = declared.to
    require_role(by, *CASE_DECIDERS)
    case = lock_case(case, by)
    authorize(case)  # who decides comes before the input is read
    if declared.reason_required:
        reason = require_reason(reason)
    ensure_transition_allowed(case, to, declared.from_statuses)
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


def actions_for(user: User, case, url_for=None, can_decide: bool = False) -> list[tuple[str, str, bool, str]]:
    """Return (action, label, needs reason, url) for what ``user`` may do on ``case`` now (for buttons).

    Reads CASE_ACTIONS and mirrors the services' checks (status, role, four-eyes); they check again when the
    action is taken. ``can_decide``: whether the decision table gives the user this case.
    """
    actions = []
    for action in CASE_ACTIONS.values():
        if action.to not in case.TRANSITIONS.get(case.status, ()) or case.status not in action.from_statuses:
            continue
        if not (can_decide if action.decides else user.has_role(*REGISTRARS)):
            continue
        if action.decides and case.status == CaseStatus.SUBMITTED and case.submitted_by_id == user.id:
            continue
        actions.append((action.name, action.label, action.reason_required, url_for(action.name) if url_for else ""))
    return actions
