from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scope_queryset
from payments.models import LIVE, Payment, PaymentBatch, PaymentKind, PaymentStatus, RetryAllowance
from programs.authority import agency_q

AUTOMATIC_ATTEMPTS = 2  # GENERATE_SQL pays a failed month once more by itself; after two failures a person decides


def batch_list(*, user: User) -> QuerySet[PaymentBatch]:
    """Batches whose area lies in the user's scope (a commune officer never sees a province batch); a viewer bound
    to a department reads its programs' batches only."""
    return scope_queryset(user, PaymentBatch.objects.select_related("program", "area", "generated_by", "approved_by")
                          .prefetch_related("exclusions__excluded_by")).filter(
        agency_q(user, "payment_batch", "program"))


def payment_list(*, user: User) -> QuerySet[Payment]:
    """Payment lines of persons in the user's scope."""
    return scope_queryset(user, Payment.objects.select_related("batch__program", "person__area"),
                          area_field="person__area").filter(agency_q(user, "payment_batch", "enrollment__program"))


def month_history(payment: Payment) -> tuple[QuerySet[Payment], QuerySet[RetryAllowance]]:
    """Every line for ``payment``'s enrollment and month, oldest first, and the retries a person allowed."""
    lines = Payment.objects.filter(enrollment_id=payment.enrollment_id, period=payment.period)\
        .select_related("batch").order_by("created_at", "id")
    allowances = RetryAllowance.objects.filter(enrollment_id=payment.enrollment_id, period=payment.period)\
        .select_related("granted_by")
    return lines, allowances


def waiting_for_a_person(payment: Payment) -> bool:
    """True when ``payment``'s month failed as often as it may and nothing live replaces it."""
    month = Payment.objects.filter(enrollment_id=payment.enrollment_id, period=payment.period)
    if month.filter(status__in=LIVE).exclude(kind=PaymentKind.ADJUSTMENT).exists():
        return False
    failures = month.filter(status__in=(PaymentStatus.FAILED, PaymentStatus.RETURNED)).count()
    allowed = RetryAllowance.objects.filter(enrollment_id=payment.enrollment_id, period=payment.period).count()
    return failures >= AUTOMATIC_ATTEMPTS + allowed
