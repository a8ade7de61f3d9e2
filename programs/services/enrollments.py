import datetime

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
from common.workflow import RESUME_FROM, approval_fields, case_decide, case_submit, ensure_editable, lock_case
from programs.calculator import month_end
from programs.models import Enrollment, Program, Suspension, Target

LIVE = (CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.SUSPENDED)


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
    if not person.is_alive:
        errors["person"] = [_("Người này đã mất.")]
    if not program.is_active:
        errors["program"] = [_("Chính sách này không còn áp dụng.")]
    if not _has_target(person, program.target):
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


def _has_target(person: Person, target: str) -> bool:
    if target == Target.MERIT:
        return MeritProfile.objects.filter(person=person, status=CaseStatus.APPROVED).exists()
    if target == Target.PROTECTION:
        return ProtectionProfile.objects.filter(person=person, status=CaseStatus.APPROVED).exists()
    if person.household_id is None:
        return False
    latest = PovertyReview.objects.filter(household_id=person.household_id).order_by("-year").first()
    wanted = Classification.POOR if target == Target.POOR else Classification.NEAR_POOR
    return latest is not None and latest.classification == wanted


@transaction.atomic
def enrollment_create(*, by: User, person: Person, program: Program, start_date: datetime.date,
                      end_date: datetime.date | None = None) -> Enrollment:
    """Propose a draft enrollment of a person in a program (eligibility is checked on submit and approve)."""
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, person.area)
    _validate_dates(start_date, end_date)
    if not person.is_alive:
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
    return _guard_overlap(lambda: case_submit(by=by, case=enrollment, check=check_eligible))


@transaction.atomic
def enrollment_approve(*, by: User, enrollment: Enrollment, decision_no: str = "",
                       decision_date: datetime.date | None = None) -> Enrollment:
    return _guard_overlap(lambda: case_decide(by=by, case=enrollment, to=CaseStatus.APPROVED, check=check_eligible,
                                              fields=approval_fields(by, decision_no, decision_date)))


@transaction.atomic
def enrollment_reject(*, by: User, enrollment: Enrollment, reason: str) -> Enrollment:
    return case_decide(by=by, case=enrollment, to=CaseStatus.REJECTED, reason=reason, reason_required=True)


@transaction.atomic
def enrollment_return(*, by: User, enrollment: Enrollment, reason: str) -> Enrollment:
    return case_decide(by=by, case=enrollment, to=CaseStatus.RETURNED, reason=reason, reason_required=True)


@transaction.atomic
def enrollment_suspend(*, by: User, enrollment: Enrollment, reason: str,
                       from_date: datetime.date | None = None) -> Enrollment:
    """Stop payments from ``from_date`` (default today); months whose first day is suspended pay nothing."""
    start = from_date or timezone.localdate()

    def record(locked):
        Suspension.objects.create(enrollment=locked, from_date=start, reason=reason)

    return case_decide(by=by, case=enrollment, to=CaseStatus.SUSPENDED, reason=reason, reason_required=True,
                       after=record)


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

    return case_decide(by=by, case=enrollment, to=CaseStatus.APPROVED, reason=reason, check=check, after=close,
                       from_statuses=RESUME_FROM)


@transaction.atomic
def enrollment_end(*, by: User, enrollment: Enrollment, reason: str,
                   end_date: datetime.date | None = None) -> Enrollment:
    """End an enrollment on ``end_date`` (default: end of the current month)."""
    end = end_date or month_end(timezone.localdate())

    def check(locked):
        if end < locked.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu hưởng.")})

    return case_decide(by=by, case=enrollment, to=CaseStatus.ENDED, reason=reason, reason_required=True,
                       check=check, fields={"end_date": end})


def enrollments_end_for_death(*, by: User, person: Person) -> int:
    """End every running enrollment of a deceased person at the end of the month of death.

    Called by ``person_update`` when a date of death is recorded; the transition
    is logged with the reason, by the user who recorded the death.
    """
    end = month_end(person.date_of_death)
    reason = _("Đối tượng mất ngày %(day)s") % {"day": person.date_of_death.strftime("%d/%m/%Y")}
    count = 0
    running = Enrollment.objects.select_for_update().filter(person=person, status__in=LIVE)
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
    return count


ACTIONS = {
    "submit": enrollment_submit,
    "approve": enrollment_approve,
    "reject": enrollment_reject,
    "return": enrollment_return,
    "suspend": enrollment_suspend,
    "resume": enrollment_resume,
    "end": enrollment_end,
}
