"""Corrections a person decides on after the generator has stopped by itself."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import ensure_in_scope, require_role
from common.audit import acting_as
from common.exceptions import DomainError
from common.workflow import require_reason
from payments.models import Payment, PaymentStatus, RetryAllowance
from payments.selectors import waiting_for_a_person
from programs.authority import BATCH_ROLES, BatchStep, ensure_batch_actor


@transaction.atomic
def payment_retry_allow(*, by: User, payment: Payment, reason: str) -> RetryAllowance:
    """Let the next batch pay ``payment``'s month once more, after it failed twice.

    The line itself is never edited: the next ``payment_batch_generate`` adds a retry line. Who decides: the
    chairman of the person's commune for a program the communes pay, the owning Sở otherwise.
    """
    require_role(by, *BATCH_ROLES)
    # One decision at a time per enrollment: lock the enrollment row, then re-read the month.
    payment = Payment.objects.select_related("person__area", "enrollment__program").get(pk=payment.pk)
    ensure_in_scope(by, payment.person.area)
    ensure_batch_actor(by, program=payment.enrollment.program, area=payment.person.area, step=BatchStep.DECIDE)
    reason = require_reason(reason)
    type(payment.enrollment).objects.select_for_update().filter(pk=payment.enrollment_id).first()
    if payment.status not in (PaymentStatus.FAILED, PaymentStatus.RETURNED):
        raise DomainError(_("Chỉ cho chi lại một dòng bị lỗi hoặc bị ngân hàng trả lại."), code="not_failed")
    if not waiting_for_a_person(payment):
        raise DomainError(_("Tháng %(m)s không chờ quyết định: bảng chi trả kế tiếp tự chi lại, hoặc đã có dòng "
                            "chờ chi/đã chi.") % {"m": f"{payment.period:%m/%Y}"}, code="not_waiting")
    allowance = RetryAllowance(enrollment_id=payment.enrollment_id, period=payment.period, reason=reason[:300],
                               granted_by=by)
    with acting_as(by):
        allowance.save()
    return allowance
