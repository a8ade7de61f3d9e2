"""Housing support: proposal → survey → approval (with funding) → works → completion, and tranches."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CASE_DECIDERS, REGISTRARS, Role, User
from accounts.scoping import ensure_in_scope, require_role
from beneficiaries.models import Household, MeritProfile, Person, PovertyReview
from common.audit import acting_as
from common.models import CaseStatus
from common.numbers import money
from common.transitions import ensure_transition_allowed, transition
from common.workflow import require_reason
from housing.models import (
    OPEN,
    Disbursement,
    FundingSource,
    FundingSourceKind,
    HousingCase,
    HousingStatus,
    HousingTarget,
    SupportLevel,
)
from programs.authority import ensure_decider, ensure_own_agency
from programs.models import DecisionSubject


def target_is_met(household: Household, target: str) -> bool:
    """Merit: a member has an approved merit profile; poor/near-poor: the latest review says so."""
    if target == HousingTarget.MERIT:
        return MeritProfile.objects.filter(person__household=household, status=CaseStatus.APPROVED).exists()
    latest = PovertyReview.objects.filter(household=household).order_by("-year").first()
    return latest is not None and latest.classification == target


def _lock(case: HousingCase, by: User, to: str | None = None) -> HousingCase:
    """Re-read ``case`` under a row lock, check scope and (with ``to``) that the move is allowed now."""
    locked = HousingCase.objects.select_for_update(of=("self",)).select_related("household__area", "support_level")\
        .get(pk=case.pk)
    ensure_in_scope(by, locked.household.area)
    if to:
        ensure_transition_allowed(locked, to)
    return locked


@transaction.atomic
def housing_case_propose(*, by: User, household: Household, person: Person, target: str, support_type: str,
                         support_level: SupportLevel | None = None) -> HousingCase:
    """Open a case for a household in the user's scope; one open case per household."""
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, household.area)
    ensure_own_agency(by, subject=DecisionSubject.HOUSING_CASE)
    errors: dict[str, list[str]] = {}
    if person.household_id != household.pk:
        errors["person"] = [_("Người đứng tên phải là thành viên của hộ.")]
    if not target_is_met(household, target):
        errors["target"] = [_("Hộ không thuộc diện “%(t)s” (cần hồ sơ người có công được duyệt, hoặc kết quả rà soát "
                              "gần nhất là hộ nghèo/cận nghèo).") % {"t": HousingTarget(target).label}]
    today = timezone.localdate()
    if support_level is None:
        support_level = SupportLevel.objects.filter(targets__contains=[target], valid_from__lte=today)\
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("-valid_from").first()
    if support_level is None or target not in support_level.targets:
        errors["support_level"] = [_("Chọn chương trình hỗ trợ áp dụng cho đối tượng này.")]
    if HousingCase.objects.filter(household=household, status__in=OPEN).exists():
        errors["household"] = [_("Hộ đang có một hồ sơ hỗ trợ nhà ở chưa kết thúc.")]
    if errors:
        raise ValidationError(errors)
    case = HousingCase(household=household, person=person, target=target, support_type=support_type,
                       support_level=support_level, created_by=by)
    with acting_as(by):
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:  # a concurrent twin passed the check first
            raise ValidationError({"household": [_("Hộ đang có một hồ sơ hỗ trợ nhà ở chưa kết thúc.")]}) from exc
    return case


@transaction.atomic
def housing_case_survey(*, by: User, case: HousingCase, current_condition: str, floor_area, estimated_cost: int,
                        surveyed_on: datetime.date) -> HousingCase:
    """Record the survey (condition, floor area, estimate) of a proposed case."""
    require_role(by, *REGISTRARS)
    case = _lock(case, by, to=HousingStatus.SURVEYED)
    errors = {}
    if not (current_condition or "").strip():
        errors["current_condition"] = [_("Cần mô tả hiện trạng nhà ở.")]
    if estimated_cost is None or estimated_cost <= 0:
        errors["estimated_cost"] = [_("Dự toán phải lớn hơn 0.")]
    if surveyed_on and surveyed_on > timezone.localdate():
        errors["surveyed_on"] = [_("Ngày khảo sát không được ở tương lai.")]
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        return transition(case, to=HousingStatus.SURVEYED, by=by, fields={
            "current_condition": current_condition.strip(), "floor_area": floor_area,
            "estimated_cost": estimated_cost, "surveyed_on": surveyed_on})


@transaction.atomic
def housing_case_approve(*, by: User, case: HousingCase, funding: dict[str, int], approved_amount: int | None = None,
                         amount_reason: str = "", decision_no: str = "",
                         decision_date: datetime.date | None = None) -> HousingCase:
    """Approve the support amount (default: the programme's level) and how it is funded.

    Whoever the decision table names (today the Sở Nội vụ): a specialist up to HOUSING_LEADER_APPROVAL_ABOVE, a
    leader above it; never the proposer. The funding sources must add up to the approved amount.
    """
    require_role(by, *CASE_DECIDERS)
    case = _lock(case, by, to=HousingStatus.APPROVED)
    rule = ensure_decider(by, subject=DecisionSubject.HOUSING_CASE, area=case.household.area)
    default = case.support_level.default_amount(case.support_type)
    amount = approved_amount or default
    if amount > settings.HOUSING_LEADER_APPROVAL_ABOVE and by.role != Role.SO_LEADER:
        raise PermissionDenied(_("Mức trên %(limit)s đồng do lãnh đạo Sở phê duyệt.")
                               % {"limit": money(settings.HOUSING_LEADER_APPROVAL_ABOVE)})
    if case.created_by_id == by.id:
        raise PermissionDenied(_("Người phê duyệt không được là người lập hồ sơ."))
    errors: dict[str, list[str]] = {}
    if amount != default and not (amount_reason or "").strip():
        errors["amount_reason"] = [_("Mức khác mức mặc định (%(d)s đồng) cần ghi lý do.")
                                   % {"d": money(default)}]
    funding = {source: int(value) for source, value in (funding or {}).items() if value}
    unknown = set(funding) - set(FundingSourceKind.values)
    if unknown:
        errors["funding"] = [_("Nguồn không hợp lệ: %(s)s.") % {"s": ", ".join(sorted(unknown))}]
    elif any(v < 0 for v in funding.values()):
        errors["funding"] = [_("Số tiền của mỗi nguồn phải dương.")]
    elif sum(funding.values()) != amount:
        errors["funding"] = [_("Tổng các nguồn (%(sum)s đồng) phải bằng mức được duyệt (%(amount)s đồng).")
                             % {"sum": money(sum(funding.values())),
                                "amount": money(amount)}]
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        case = transition(case, to=HousingStatus.APPROVED, by=by, fields={
            "approved_amount": amount, "amount_reason": (amount_reason or "").strip(),
            "decision_no": (decision_no or "").strip(), "decision_date": decision_date,
            "approved_by": by, "approved_at": timezone.now()})
        case.funding.all().delete()
        FundingSource.objects.bulk_create([FundingSource(case=case, source=s, amount=v) for s, v in funding.items()])
        case.approved_as = approved_content(case, issuer=rule.get_agency_display())
        case.save(update_fields=["approved_as", "updated_at"])
    return case


def approved_content(case: HousingCase, *, issuer: str) -> dict:
    """What the decision says, as approved: the PDF prints this, never the registry as edited later."""
    household = case.household
    return {"full_name": case.person.full_name, "household_code": household.code, "address": household.address,
            "commune": household.area.name, "target": case.get_target_display(),
            "support_type": case.get_support_type_display(), "programme": case.support_level.name,
            "legal_basis": case.support_level.legal_basis, "issuer": issuer,
            "funding": [[f.get_source_display(), f.amount] for f in case.funding.order_by("id")]}


@transaction.atomic
def housing_case_start(*, by: User, case: HousingCase, started_on: datetime.date) -> HousingCase:
    require_role(by, *REGISTRARS)
    case = _lock(case, by, to=HousingStatus.IN_PROGRESS)
    with acting_as(by):
        return transition(case, to=HousingStatus.IN_PROGRESS, by=by, fields={"started_on": started_on})


@transaction.atomic
def housing_case_complete(*, by: User, case: HousingCase, completed_on: datetime.date) -> HousingCase:
    """Record the acceptance (nghiệm thu); photos are attached as documents of the case."""
    require_role(by, *REGISTRARS)
    case = _lock(case, by, to=HousingStatus.COMPLETED)
    if completed_on is None or (case.started_on and completed_on < case.started_on):
        raise ValidationError({"completed_on": [_("Ngày nghiệm thu phải sau ngày khởi công.")]})
    with acting_as(by):
        return transition(case, to=HousingStatus.COMPLETED, by=by, fields={"completed_on": completed_on})


@transaction.atomic
def housing_case_cancel(*, by: User, case: HousingCase, reason: str) -> HousingCase:
    """Cancel an open case: the commune while proposed or surveyed, the Sở at any open stage."""
    reason = require_reason(reason)
    require_role(by, *REGISTRARS)
    case = _lock(case, by, to=HousingStatus.CANCELLED)
    if case.status in (HousingStatus.APPROVED, HousingStatus.IN_PROGRESS):  # undoes a decision: who decides
        ensure_decider(by, subject=DecisionSubject.HOUSING_CASE, area=case.household.area)
    if case.disbursements.exists():
        raise ValidationError({"reason": [_("Hồ sơ đã giải ngân: không huỷ được.")]})
    with acting_as(by):
        return transition(case, to=HousingStatus.CANCELLED, by=by, reason=reason)


@transaction.atomic
def disbursement_record(*, by: User, case: HousingCase, amount: int, paid_on: datetime.date, source: str,
                        is_advance: bool = False, note: str = "", receipt=None) -> Disbursement:
    """Record a tranche paid: never above the approved amount; the last one after completion or as an advance."""
    require_role(by, *CASE_DECIDERS)
    case = _lock(case, by)
    ensure_decider(by, subject=DecisionSubject.HOUSING_CASE, area=case.household.area)
    errors: dict[str, list[str]] = {}
    if case.status not in (HousingStatus.APPROVED, HousingStatus.IN_PROGRESS, HousingStatus.COMPLETED):
        errors["case"] = [_("Chỉ giải ngân cho hồ sơ đã được phê duyệt.")]
    if source not in FundingSourceKind.values:
        errors["source"] = [_("Nguồn không hợp lệ.")]
    if amount is None or amount <= 0:
        errors["amount"] = [_("Số tiền phải lớn hơn 0.")]
    if errors:
        raise ValidationError(errors)
    paid = case.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    remaining = case.approved_amount - paid
    if amount > remaining:
        raise ValidationError({"amount": [_("Vượt mức còn lại (%(r)s đồng).") % {"r": money(remaining)}]})
    if amount == remaining and case.status != HousingStatus.COMPLETED and not is_advance:
        raise ValidationError({"is_advance": [_("Đợt cuối chỉ chi sau khi nghiệm thu, hoặc đánh dấu tạm ứng.")]})
    disbursement = Disbursement(case=case, amount=amount, paid_on=paid_on, source=source, is_advance=is_advance,
                                note=(note or "").strip(), created_by=by)
    if receipt is not None:
        disbursement.receipt = receipt
    with acting_as(by):
        disbursement.save()
    return disbursement
