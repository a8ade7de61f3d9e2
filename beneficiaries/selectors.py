"""Scoped reads of the registry. Every list, detail, count and export starts here."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Subquery, TextField, Value, When

from accounts.masking import may_search_identifiers
from accounts.models import User
from accounts.scoping import scope_queryset
from beneficiaries.models import (
    AccountChange,
    Classification,
    Document,
    Household,
    MeritProfile,
    Person,
    PersonName,
    PovertyReview,
    ProtectionProfile,
    search_key,
)
from common.models import CaseStatus
from programs.authority import agency_q


def person_list(*, user: User) -> QuerySet[Person]:
    return scope_queryset(user, Person.objects.select_related("area", "household"))


def person_search(queryset: QuerySet[Person], q: str, *, user: User) -> QuerySet[Person]:
    """Filter by accent-insensitive name substring, or by ID number prefix when ``q`` is digits (nothing for a
    user who sees ID numbers masked: the answer would tell them whether a guessed prefix is right).

    Names: the trigram index of the distinct keys (PersonName) gives the matching names, the
    equality index ``person_name_dob`` the persons who bear them (docs/performance.md).
    """
    q = (q or "").strip()
    if not q:
        return queryset
    if q.isdigit():
        if not may_search_identifiers(user):
            return queryset.none()
        return queryset.filter(Q(national_id__startswith=q) | Q(old_id_number__startswith=q))
    needle = search_key(Value(q, output_field=TextField()))
    names = PersonName.objects.filter(key__contains=needle).values("key")
    return queryset.alias(key=search_key("full_name")).filter(key__in=names)


def household_list(*, user: User) -> QuerySet[Household]:
    return scope_queryset(user, Household.objects.select_related("area", "head"))


def merit_profile_list(*, user: User) -> QuerySet[MeritProfile]:
    return scope_queryset(
        user,
        MeritProfile.objects.select_related("person__area", "category", "relationship", "merit_person",
                                            "submitted_by", "approved_by"),
        area_field="person__area",
    ).filter(agency_q(user, "merit_profile"))


def protection_profile_list(*, user: User) -> QuerySet[ProtectionProfile]:
    return scope_queryset(
        user,
        ProtectionProfile.objects.select_related("person__area", "group", "submitted_by", "approved_by"),
        area_field="person__area",
    ).filter(agency_q(user, "protection_profile"))


def poverty_review_list(*, user: User) -> QuerySet[PovertyReview]:
    return scope_queryset(
        user,
        PovertyReview.objects.select_related("household__area", "standard").prefetch_related("deprivations"),
        area_field="household__area",
    )


def document_list(*, user: User) -> QuerySet[Document]:
    return scope_queryset(user, Document.objects.select_related("uploaded_by", "person"), area_field="person__area")


def review_queue(*, user: User) -> tuple[QuerySet[MeritProfile], QuerySet[ProtectionProfile]]:
    """Profiles waiting for the Sở's decision, oldest first."""
    return (
        merit_profile_list(user=user).filter(status=CaseStatus.SUBMITTED).order_by("submitted_at"),
        protection_profile_list(user=user).filter(status=CaseStatus.SUBMITTED).order_by("submitted_at"),
    )


def returned_profiles(*, user: User) -> tuple[QuerySet[MeritProfile], QuerySet[ProtectionProfile]]:
    """Profiles sent back for correction in the user's scope, newest first."""
    return (
        merit_profile_list(user=user).filter(status=CaseStatus.RETURNED).order_by("-updated_at"),
        protection_profile_list(user=user).filter(status=CaseStatus.RETURNED).order_by("-updated_at"),
    )


def poverty_changes(*, user: User, year: int) -> QuerySet[PovertyReview]:
    """Return the reviews of ``year`` annotated with how the household's poverty changed.

    - ``newly_poor``: poor this year, never poor in an earlier review;
    - ``fell_back``: poor this year, not poor last year, poor in some earlier year;
    - ``left_poverty``: poor last year, not poor this year.
    """
    earlier = PovertyReview.objects.filter(household=OuterRef("household"))
    last_year = Subquery(earlier.filter(year=year - 1).values("classification")[:1])
    was_ever_poor = Exists(earlier.filter(year__lt=year, classification=Classification.POOR))
    was_poor_before_last = Exists(earlier.filter(year__lt=year - 1, classification=Classification.POOR))
    reviews = poverty_review_list(user=user).filter(year=year).annotate(
        last_year=last_year, was_ever_poor=was_ever_poor, was_poor_before_last=was_poor_before_last,
    )
    is_poor = Q(classification=Classification.POOR)
    return reviews.annotate(
        newly_poor=_flag(is_poor & Q(was_ever_poor=False)),
        fell_back=_flag(is_poor & ~Q(last_year=Classification.POOR) & Q(was_poor_before_last=True)),
        left_poverty=_flag(~is_poor & Q(last_year=Classification.POOR)),
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def account_change_list(*, user: User) -> QuerySet[AccountChange]:
    return scope_queryset(user, AccountChange.objects.select_related("person__area", "requested_by", "decided_by"),
                          area_field="person__area")
