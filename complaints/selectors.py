"""Scoped reads of complaints: lists, the overdue flag, the monthly report."""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, TextField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SO_ROLES, User
from accounts.scoping import scope_queryset
from areas.models import Area
from beneficiaries.models import search_key
from complaints.models import CLOSED, COMPLAINT_STAFF, OPEN, Complaint, ComplaintKind, ComplaintStatus
from programs.authority import narrowed_agency
from programs.models import DecisionLevel


def overdue_condition(today: datetime.date) -> Q:
    return Q(status__in=OPEN, due_on__lt=today)


def complaint_list(*, user: User, today: datetime.date | None = None) -> QuerySet[Complaint]:
    """Complaints of the user's area and below, each with ``is_overdue`` (open past its due date)."""
    today = today or timezone.localdate()
    agency = narrowed_agency(user)  # a viewer bound to a department reads the complaints routed to it
    return scope_queryset(user, Complaint.objects.select_related("area", "assignee", "deadline_rule")
                          .prefetch_related("extensions__by")).filter(Q(agency=agency) if agency else Q()).annotate(
        is_overdue=ExpressionWrapper(overdue_condition(today), output_field=BooleanField()))


def complaint_search(queryset: QuerySet[Complaint], q: str) -> QuerySet[Complaint]:
    """By the complainant's name (accents and case ignored) or the complaint's number (KN2026-000123 or 123)."""
    q = (q or "").strip()
    if not q:
        return queryset
    number = q.rsplit("-", 1)[-1]
    if number.isdigit():
        return queryset.filter(pk=int(number))
    needle = search_key(Value(q, output_field=TextField()))
    return queryset.alias(key=search_key("complainant_name")).filter(key__contains=needle)


def overdue_count(*, user: User) -> int:
    return complaint_list(user=user).filter(overdue_condition(timezone.localdate())).count()


def assignable_users(complaint: Complaint) -> QuerySet[User]:
    """Active staff who may work on ``complaint`` (``services.may_be_assigned``): the commune's own staff, and for
    a case of a Sở, that Sở's staff whose area covers it."""
    paths = [complaint.area.path[:i + 1] for i, c in enumerate(complaint.area.path) if c == "/"]
    own = Q(area=complaint.area_id)
    if complaint.level == DecisionLevel.PROVINCE:
        own |= Q(role__in=SO_ROLES, agency=complaint.agency, area__path__in=paths)
    return User.objects.filter(own, is_active=True, role__in=COMPLAINT_STAFF)\
        .select_related("area").order_by("role", "full_name", "username")


@dataclass
class ReportRow:
    area: Area
    kind: str
    received: int
    resolved: int
    closed_other: int  # rejected or transferred
    overdue: int  # open at the month's end and past the due date

    @property
    def kind_label(self) -> str:
        return str(ComplaintKind(self.kind).label)


def report_month(text: str | None) -> datetime.date:
    """The first day of the month written YYYY-MM (default: this month); ValidationError otherwise."""
    if not text:
        return timezone.localdate().replace(day=1)
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError as exc:
        raise ValidationError({"month": [_("Tháng theo dạng YYYY-MM.")]}) from exc


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def monthly_report(*, area: Area, month: datetime.date) -> list[ReportRow]:
    """Received / resolved / closed otherwise / overdue in ``month`` in ``area`` and below, by commune and kind.

    - received: received during the month;
    - resolved: resolved during the month (closed_on in the month);
    - closed_other: rejected or transferred during the month;
    - overdue: at the month's last day, not yet closed and past the deadline of that day: acceptance if it was
      not accepted by then, else settlement (the current one: an extension moves it).
    One grouped query; rows with all zeros are left out.
    """
    first, last = month_bounds(month)
    closed_in_month = Q(closed_on__gte=first, closed_on__lte=last)
    not_closed = Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    rows = Complaint.objects.filter(area__path__startswith=area.path).values("area", "kind").annotate(
        received=Count("id", filter=Q(received_on__gte=first, received_on__lte=last)),
        resolved=Count("id", filter=closed_in_month & Q(status=ComplaintStatus.RESOLVED)),
        closed_other=Count("id", filter=closed_in_month & Q(status__in=set(CLOSED) - {ComplaintStatus.RESOLVED})),
        overdue=Count("id", filter=Q(received_on__lte=last) & not_closed & (
            Q(accepted_on__lte=last, due_on__lt=last)  # accepted by then, past settlement
            | ~Q(accepted_on__lte=last) & Q(accept_due_on__lt=last)  # not accepted by then, past acceptance
            | Q(accept_due_on__isnull=True, due_on__lt=last))),  # a request: settled from receipt
    ).order_by()
    areas = Area.objects.in_bulk({row["area"] for row in rows})
    result = [ReportRow(area=areas[row["area"]], kind=row["kind"], received=row["received"],
                        resolved=row["resolved"], closed_other=row["closed_other"], overdue=row["overdue"])
              for row in rows if row["received"] or row["resolved"] or row["closed_other"] or row["overdue"]]
    kinds = list(ComplaintKind.values)
    return sorted(result, key=lambda r: (r.area.name, kinds.index(r.kind)))
