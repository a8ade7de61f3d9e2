import datetime
import sys

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from beneficiaries.models import Classification, MeritProfile, Person, PovertyReview, ProtectionProfile
from common.audit import acting_as
from common.models import CaseStatus
from common.transitions import transition
from common.workflow import CaseKind, approval_fields, case_decide, case_submit, ensure_editable, lock_case
from programs.authority import ensure_decider, ensure_own_agency
from programs.calculator import month_end
from programs.models import DecisionSubject, Enrollment, Program, ProgramKind, Suspension, Target

LIVE = (CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.SUSPENDED)


def _authorize(by: User):
    """The decision table decides who takes decisions on an enrollment of each program."""
    def authorize(locked: Enrollment) -> None:
        ensure_decider(by, subject=DecisionSubject.ENROLLMENT, area=locked.person.area, program=locked.program)

    return authorize


def _validate_dates(start_date: datetime.date, end_date: datetime.date | None) -> None:
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu hưởng.")})


def check_eligible(enrollment: Enrollment) -> None:
    """Refuse an enrollment whose person is not (or no longer) entitled to the program.

    Run on submit and on approve: alive; an approved profile of the program's
    target (or the household's latest poverty review for poor/near-poor
    programs); no other live enrollment in the same program overlapping in time.
    """
    # Lock the person: concurrent submissions for one person queue here and the second sees the first,
    # instead of both passing and colliding (deadlock or constraint) in the no-overlap index.
    person = Person.objects.select_for_update().get(pk=enrollment.person_id)
    program = enrollment.program
    errors: dict[str, list[str]] = {}
    if not person.is_alive and program.target != Target.DECEASED:
        errors["person"] = [_("Người này đã mất.")]
    if not program.is_active:
        errors["program"] = [_("Chính sách này không còn áp dụng.")]
    if program.target == Target.ELDERLY:
        if refusal := _elderly_refusal(person, program, enrollment.start_date):
            errors["program"] = [refusal]
    elif program.target == Target.DECEASED:
        if refusal := _funeral_refusal(person):
            errors["person"] = [refusal]
    elif not _has_target(person, program.target):
        errors["program"] = [_("Người này chưa có hồ sơ được duyệt thuộc diện “%(target)s”.")
                             % {"target": program.get_target_display()}]
    overlapping = Enrollment.objects.filter(person=person, program=program, status__in=LIVE).exclude(pk=enrollment.pk)
    end = enrollment.end_date or datetime.date.max
    overlapping = overlapping.filter(start_date__lte=end).exclude(end_date__lt=enrollment.start_date)
    if overlapping.exists():
        errors["start_date"] = [
            _("Đã có quyết định hưởng chính sách này trùng thời gian (đang xử lý hoặc đang hưởng).")]
    if errors:
        raise ValidationError(errors)


def _latest_classification(person: Person) -> str | None:
    if person.household_id is None:
        return None
    latest = PovertyReview.objects.filter(household_id=person.household_id).order_by("-year").first()
    return latest.classification if latest else None


def _elderly_refusal(person: Person, program: Program, start: datetime.date) -> str:
    """Why no row of the program (social pension) covers the person in the first month paid; "" if one does.

    The same conditions as the monthly calculation (programs/calculator.py): age at the end of the month before,
    the pension flag, the household's latest poverty review.
    """
    month = start.replace(day=1)
    age = person.age_on(month - datetime.timedelta(days=1))
    household = _latest_classification(person)
    reasons = []
    rules = program.rules.in_force_on(month).filter(merit_category__isnull=True, protection_group__isnull=True)
    for rule in rules:
        unmet = []
        if rule.age_min is not None and age < rule.age_min:
            unmet.append(_("cần từ đủ %(n)s tuổi") % {"n": rule.age_min})
        if rule.age_max is not None and age >= rule.age_max:
            unmet.append(_("cần dưới %(n)s tuổi") % {"n": rule.age_max})
        if rule.excludes_pensioners and person.has_pension:
            unmet.append(_("đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng"))
        if rule.household_classes and household not in rule.household_classes:
            unmet.append(_("hộ không thuộc hộ nghèo, cận nghèo (rà soát gần nhất: %(c)s)")
                         % {"c": Classification(household).label if household else _("chưa rà soát")})
        if not unmet:
            return ""
        reasons.append(f"{rule.note or rule.code}: {', '.join(unmet)}")
    if not reasons:
        return _("Chưa có quy định nào của chính sách áp dụng cho tháng %(m)s.") % {"m": month.strftime("%m/%Y")}
    return _("Không đủ điều kiện (tuổi tính đến hết tháng trước tháng bắt đầu hưởng: %(age)s) — %(why)s.") % {
        "age": age, "why": "; ".join(reasons)}


def _funeral_refusal(person: Person) -> str:
    """Funeral support: the person died while a program with funeral support was paying them."""
    if person.is_alive:
        return _("Hỗ trợ mai táng chỉ đề nghị cho người đã mất: ghi ngày mất trước.")
    death = person.date_of_death
    covered = Enrollment.objects.filter(
        person=person, program__funeral_support=True, status__in=[CaseStatus.APPROVED, CaseStatus.SUSPENDED,
                                                                  CaseStatus.ENDED],
        start_date__lte=death).exclude(end_date__lt=death)
    if not covered.exists():
        return _("Khi mất (%(day)s) người này không đang hưởng trợ cấp xã hội hằng tháng hoặc trợ cấp hưu trí xã "
                 "hội: không thuộc diện hỗ trợ mai táng.") % {"day": death.strftime("%d/%m/%Y")}
    return ""


def _has_target(person: Person, target: str) -> bool:
    if target == Target.MERIT:
        return MeritProfile.objects.filter(person=person, status=CaseStatus.APPROVED).exists()
    if target == Target.PROTECTION:
        return ProtectionProfile.objects.filter(person=person, status=CaseStatus.APPROVED).exists()
    wanted = Classification.POOR if target == Target.POOR else Classification.NEAR_POOR
    return _latest_classification(person) == wanted


@transaction.atomic
def enrollment_create(*, by: User, person: Person, program: Program, start_date: datetime.date | None = None,
                      end_date: datetime.date | None = None) -> Enrollment:
    """Propose a draft enrollment of a person in a program (eligibility is checked on submit and approve).

    Without ``start_date``: the day of death for funeral support, else the first day of this month.
    """
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, person.area)
    ensure_own_agency(by, subject=DecisionSubject.ENROLLMENT, program=program)
    start_date = start_date or (person.date_of_death if program.target == Target.DECEASED else None) \
        or timezone.localdate().replace(day=1)
    _validate_dates(start_date, end_date)
    if program.target == Target.DECEASED:
        if refusal := _funeral_refusal(person):
            raise ValidationError({"person": refusal})
    elif not person.is_alive:
        raise ValidationError({"person": _("Người này đã mất.")})
    enrollment = Enrollment(person=person, program=program, start_date=start_date, end_date=end_date, created_by=by)
    with acting_as(by):
        enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_update(*, by: User, enrollment: Enrollment, start_date=None, end_date=None) -> Enrollment:
    require_role(by, *REGISTRARS)
    enrollment = lock_case(enrollment, by)
    ensure_editable(enrollment)
    enrollment.start_date = start_date or enrollment.start_date
    enrollment.end_date = end_date
    _validate_dates(enrollment.start_date, enrollment.end_date)
    with acting_as(by):
        enrollment.save()
    return enrollment


def _guard_overlap(call):
    """Turn the database's no-overlap constraint (a concurrent twin) into the same message as the check."""
    try:
        with transaction.atomic():
            return call()
    except IntegrityError as exc:
        if "enrollment_no_overlap" in str(exc):
            raise ValidationError({"start_date": _("Đã có quyết định hưởng chính sách này trùng thời gian.")}) from exc
        raise


@transaction.atomic
def enrollment_submit(*, by: User, enrollment: Enrollment) -> Enrollment:
    def authorize(locked: Enrollment) -> None:
        ensure_own_agency(by, subject=DecisionSubject.ENROLLMENT, program=locked.program)

    return _guard_overlap(lambda: case_submit(by=by, case=enrollment, check=check_eligible, authorize=authorize))


@transaction.atomic
def enrollment_approve(*, by: User, enrollment: Enrollment, decision_no: str = "",
                       decision_date: datetime.date | None = None) -> Enrollment:
    """Approve; a program paid from the month the decision is signed starts on the 1st of that month."""
    fields = approval_fields(by, decision_no, decision_date)
    decided = (decision_date or timezone.localdate()).replace(day=1)

    def check(locked):
        if locked.program.starts_at_decision:
            if locked.end_date and locked.end_date < decided:
                raise ValidationError({"end_date": _("Ngày kết thúc trước tháng ký quyết định.")})
            locked.start_date = fields["start_date"] = decided
        check_eligible(locked)

    return _guard_overlap(lambda: case_decide(by=by, case=enrollment, action="approve", check=check,
                                              fields=fields, authorize=_authorize(by)))


@transaction.atomic
def enrollment_reject(*, by: User, enrollment: Enrollment, reason: str) -> Enrollment:
    return case_decide(by=by, case=enrollment, action="reject", reason=reason,
                       authorize=_authorize(by))


@transaction.atomic
def enrollment_return(*, by: User, enrollment: Enrollment, reason: str) -> Enrollment:
    return case_decide(by=by, case=enrollment, action="return", reason=reason,
                       authorize=_authorize(by))


@transaction.atomic
def enrollment_suspend(*, by: User, enrollment: Enrollment, reason: str,
                       from_date: datetime.date | None = None) -> Enrollment:
    """Stop payments from ``from_date`` (default today); months whose first day is suspended pay nothing."""
    start = from_date or timezone.localdate()

    def record(locked):
        Suspension.objects.create(enrollment=locked, from_date=start, reason=reason)

    return case_decide(by=by, case=enrollment, action="suspend", reason=reason,
                       after=record, authorize=_authorize(by))


@transaction.atomic
def enrollment_resume(*, by: User, enrollment: Enrollment, reason: str = "",
                      to_date: datetime.date | None = None) -> Enrollment:
    """Pay again: the open suspension ends the day before ``to_date`` (default today)."""
    resume_on = to_date or timezone.localdate()

    def check(locked):
        if not locked.person.is_alive:
            raise ValidationError({"person": _("Người này đã mất: không tiếp tục chi trả.")})

    def close(locked):
        open_ = locked.suspensions.filter(to_date__isnull=True).first()
        if open_:
            if resume_on <= open_.from_date:
                raise ValidationError({"to_date": _("Ngày tiếp tục phải sau ngày tạm dừng.")})
            open_.to_date = resume_on - datetime.timedelta(days=1)
            open_.save(update_fields=["to_date"])

    return case_decide(by=by, case=enrollment, action="resume", reason=reason, check=check, after=close,
                       authorize=_authorize(by))


@transaction.atomic
def enrollment_end(*, by: User, enrollment: Enrollment, reason: str,
                   end_date: datetime.date | None = None) -> Enrollment:
    """End an enrollment on ``end_date`` (default: end of the current month)."""
    end = end_date or month_end(timezone.localdate())

    def check(locked):
        if end < locked.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu hưởng.")})

    return case_decide(by=by, case=enrollment, action="end", reason=reason,
                       check=check, fields={"end_date": end}, authorize=_authorize(by))


def enrollments_end_for_death(*, by: User, person: Person) -> int:
    """End every running enrollment of a deceased person at the end of the month of death.

    Called by ``person_update`` when a date of death is recorded; the transition
    is logged with the reason, by the user who recorded the death.
    """
    end = month_end(person.date_of_death)
    reason = _("Đối tượng mất ngày %(day)s") % {"day": person.date_of_death.strftime("%d/%m/%Y")}
    count = 0
    # the caller holds the person's lock; their enrollments follow in ascending ids (common.locking)
    running = Enrollment.objects.select_for_update().filter(person=person, status__in=LIVE).order_by("pk")
    with acting_as(by):
        for enrollment in running:
            if enrollment.end_date and enrollment.end_date <= end:
                continue
            if enrollment.status == CaseStatus.SUBMITTED:
                transition(enrollment, to=CaseStatus.REJECTED, by=by, reason=reason)
                continue
            transition(enrollment, to=CaseStatus.ENDED, by=by, reason=reason,
                       fields={"end_date": max(end, enrollment.start_date)})
            count += 1
        funeral_propose(by=by, person=person)
    return count


def funeral_propose(*, by: User, person: Person) -> Enrollment | None:
    """Open a draft funeral-support enrollment for a person who died while on a program with funeral support."""
    program = Program.objects.filter(target=Target.DECEASED, kind=ProgramKind.ONE_OFF_CASH, is_active=True).first()
    if program is None or _funeral_refusal(person):
        return None
    if Enrollment.objects.filter(person=person, program=program).exclude(
            status__in=[CaseStatus.REJECTED]).exists():
        return None
    enrollment = Enrollment(person=person, program=program, start_date=person.date_of_death, created_by=by,
                            status_reason=_("Đề nghị tự động khi ghi nhận ngày mất"))
    with acting_as(by):
        enrollment.save()
    return enrollment


# The actions of common.workflow.CASE_ACTIONS on an enrollment run enrollment_{action} above, with the dates.
WORKFLOW = CaseKind(sys.modules[__name__], "enrollment", dated=True)
