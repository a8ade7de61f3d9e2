from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scope_queryset
from payments.models import Payment, PaymentBatch


def batch_list(*, user: User) -> QuerySet[PaymentBatch]:
    """Batches whose area lies in the user's scope (a commune officer never sees a province batch)."""
    return scope_queryset(user, PaymentBatch.objects.select_related("program", "area", "generated_by",
                                                                     "approved_by"))


def payment_list(*, user: User) -> QuerySet[Payment]:
    """Payment lines of persons in the user's scope."""
    return scope_queryset(user, Payment.objects.select_related("batch__program", "person__area"),
                          area_field="person__area")
