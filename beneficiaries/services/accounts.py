"""Where a person is paid: a change of account waits for a second person; each account has a verification status.

The account on ``Person`` is the last confirmed one, and batches pay it. ``person_update`` turns a change of
channel, bank, number or holder into a pending ``AccountChange``; a commune leader of the person's commune, or
Sở staff of a department whose program the person is enrolled in, confirms it (never the one who asked) — then
it is applied and starts unverified — or rejects it with a reason. Registering a new person needs no second
person; the account starts unverified.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SO_ROLES, Role, User
from accounts.scoping import ensure_in_scope
from beneficiaries.models import ACCOUNT_FIELDS, AccountChange, AccountChangeStatus, Person
from common.audit import acting_as
from common.exceptions import Conflict
from common.workflow import require_reason
from programs.authority import programs_of

VERIFICATION_RESULTS = ("verified", "failed")


def account_of(person: Person) -> dict:
    return {field: getattr(person, field) for field in ACCOUNT_FIELDS}


def may_confirm_account(user: User, person: Person) -> bool:
    """The second person for an account: the person's commune leader, or Sở staff owning one of their programs."""
    if not user.is_active:
        return False
    if user.role == Role.COMMUNE_LEADER:
        return user.area_id == person.area_id
    if user.role in SO_ROLES and user.agency:
        return person.enrollments.filter(program_id__in=programs_of(user.agency),
                                         status__in=["submitted", "approved", "suspended"]).exists()
    return False


def ensure_confirmer(user: User, person: Person) -> None:
    if not may_confirm_account(user, person):
        raise PermissionDenied(_("Xác nhận tài khoản nhận tiền là việc của lãnh đạo UBND xã của người này hoặc của "
                                 "Sở quản lý chính sách người này đang hưởng."))


def account_change_request(*, by: User, person: Person, new: dict, reason: str = "") -> AccountChange:
    """Record a pending change of ``person``'s account (the caller checked role, scope and the new values)."""
    change = AccountChange(person=person, old=account_of(person), new=new, reason=(reason or "").strip()[:300],
                           requested_by=by)
    try:
        with transaction.atomic(), acting_as(by):
            change.save()
    except IntegrityError as exc:
        raise Conflict(_("Đang có một đề nghị đổi tài khoản chờ xác nhận: xác nhận hoặc từ chối nó trước."),
                          code="account_change_pending") from exc
    return change


def _lock(change: AccountChange, by: User) -> AccountChange:
    change = AccountChange.objects.select_for_update().select_related("person__area").get(pk=change.pk)
    ensure_in_scope(by, change.person.area)
    ensure_confirmer(by, change.person)
    if change.status != AccountChangeStatus.PENDING:
        raise Conflict(_("Đề nghị này đã được xử lý."), code="not_pending")
    if change.requested_by_id == by.id:
        raise PermissionDenied(_("Người xác nhận không được là người đề nghị đổi tài khoản."))
    return change


@transaction.atomic
def account_change_confirm(*, by: User, change: AccountChange) -> AccountChange:
    """Apply the new account; it starts unverified. From now on batches pay to it."""
    change = _lock(change, by)
    person = Person.objects.select_for_update().get(pk=change.person_id)
    with acting_as(by):
        for field in ACCOUNT_FIELDS:
            setattr(person, field, change.new.get(field, ""))
        person.account_verification, person.account_verified_at, person.account_verified_by = "unverified", None, None
        person.save()
        change.status, change.decided_by, change.decided_at = AccountChangeStatus.CONFIRMED, by, timezone.now()
        change.save()
    return change


@transaction.atomic
def account_change_reject(*, by: User, change: AccountChange, reason: str) -> AccountChange:
    change = _lock(change, by)  # who may, before what they typed is read
    reason = require_reason(reason)
    with acting_as(by):
        change.status, change.decided_by, change.decided_at = AccountChangeStatus.REJECTED, by, timezone.now()
        change.decision_reason = reason[:300]
        change.save()
    return change


@transaction.atomic
def account_verify(*, by: User, person: Person, result: str) -> Person:
    """Record the check of the account against the national population database: verified or failed."""
    if result not in VERIFICATION_RESULTS:
        raise ValidationError({"result": [_("Kết quả là verified (khớp) hoặc failed (không khớp).")]})
    person = Person.objects.select_for_update().select_related("area").get(pk=person.pk)
    ensure_in_scope(by, person.area)
    ensure_confirmer(by, person)
    if not person.account_number:
        raise ValidationError({"result": [_("Người này nhận tiền mặt: không có tài khoản để xác minh.")]})
    with acting_as(by):
        person.account_verification, person.account_verified_at, person.account_verified_by = \
            result, timezone.now(), by
        person.save(update_fields=["account_verification", "account_verified_at", "account_verified_by",
                                   "updated_at"])
    return person
