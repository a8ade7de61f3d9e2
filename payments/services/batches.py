"""Generating, approving and cancelling monthly payment batches."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import ensure_in_scope, require_role
from areas.models import Area, Level
from beneficiaries.models import Person
from common.audit import acting_as
from common.exceptions import Conflict, DomainError
from common.transitions import transition
from jobs.models import Job
from jobs.services import job_start
from payments import selectors
from payments.models import CASHLESS, LIVE, BatchExclusion, BatchStatus, PaymentBatch, PaymentStatus
from programs.authority import BATCH_ROLES, BatchStep, ensure_batch_actor, ensure_batch_area
from programs.calculator import DUE_CTES, PAYABLE, describe, month_start
from programs.models import BenefitRule, BenefitStandard, Enrollment, Program

# Kinds of background job (payments/jobs.py)
BATCH_GENERATE = "batch_generate"
PAYMENT_LIST_PDF = "payment_list_pdf"
PDF_SYNC_LINES = 1_000  # a longer payment list takes minutes of layout: built in the background

ADVISORY_NAMESPACE = 7201  # pg_advisory_xact_lock(namespace, program id): one generation per program at a time

GENERATE_SQL = """
WITH enr AS (
    SELECT en.id, date_trunc('month', en.start_date)::date AS first_month
    FROM programs_enrollment en
    JOIN beneficiaries_person pe ON pe.id = en.person_id
    JOIN areas_area a ON a.id = pe.area_id
    WHERE en.program_id = %(program)s AND en.status IN ('approved', 'suspended', 'ended')
      AND a.path LIKE %(path)s AND en.start_date <= %(last)s
      AND NOT EXISTS (SELECT 1 FROM payments_batchexclusion x WHERE x.batch_id = %(batch)s AND x.enrollment_id = en.id)
),
months AS (
    SELECT enr.id AS eid, m::date AS day
    FROM enr, generate_series(GREATEST(enr.first_month, %(earliest)s::date), %(period)s::date,
                              interval '1 month') AS m
),
lines AS (
    SELECT p.enrollment_id AS eid, p.period AS day, SUM(p.amount) AS paid, bool_or(p.kind <> 'adjustment') AS has_main
    FROM payments_payment p
    WHERE p.status IN ('pending', 'paid') AND p.period >= %(earliest)s
      AND p.enrollment_id IN (SELECT id FROM enr)
    GROUP BY p.enrollment_id, p.period
),
failures AS (
    SELECT p.enrollment_id AS eid, p.period AS day, count(*) AS n
    FROM payments_payment p
    WHERE p.status IN ('failed', 'returned') AND p.period >= %(earliest)s
      AND p.enrollment_id IN (SELECT id FROM enr)
    GROUP BY p.enrollment_id, p.period
),
allowed AS (   -- each allowance granted by a person permits one more attempt after two failures
    SELECT r.enrollment_id AS eid, r.period AS day, count(*) AS n
    FROM payments_retryallowance r
    WHERE r.period >= %(earliest)s AND r.enrollment_id IN (SELECT id FROM enr)
    GROUP BY r.enrollment_id, r.period
),
req AS (
    -- months never paid (arrears, this month, retries), and paid months a retroactive change may have moved
    SELECT months.eid, months.day FROM months LEFT JOIN lines USING (eid, day)
    WHERE lines.eid IS NULL OR months.day >= %(retro_from)s
),
""" + DUE_CTES + """,
fresh AS (
    SELECT due.eid, due.day, due.rule_ids,
           due.amount - COALESCE(l.paid, 0) AS amount,
           CASE WHEN l.has_main THEN 'adjustment'
                WHEN COALESCE(f.n, 0) > 0 THEN 'retry'
                WHEN due.day < %(period)s THEN 'arrears'
                ELSE 'regular' END AS kind,
           COALESCE(f.n, 0) AS failures, COALESCE(a.n, 0) AS allowed, COALESCE(l.has_main, false) AS has_main
    FROM due LEFT JOIN lines l USING (eid, day) LEFT JOIN failures f USING (eid, day)
         LEFT JOIN allowed a USING (eid, day)
    -- a month the rules cannot answer is not paid: it is listed for a person to fix or exclude
    WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.eid = due.eid AND i.day = due.day AND i.severity = 'problem')
),
numbered AS (
    SELECT nextval(pg_get_serial_sequence('payments_payment', 'id')) AS id, fresh.*
    FROM fresh
    -- a month that failed twice waits for a person (payment_retry_allow)
    WHERE fresh.amount > 0 AND (fresh.has_main OR fresh.failures < 2 + fresh.allowed)
),
inserted AS (
INSERT INTO payments_payment
    (id, batch_id, enrollment_id, person_id, period, kind, amount, rule_ids, reference, channel, bank_code,
     account_number, account_holder, full_name, national_id, status, bank_transaction_id, failure_reason,
     created_at)
SELECT n.id, %(batch)s, n.eid, en.person_id, n.day, n.kind, n.amount, n.rule_ids,
       'CT' || to_char(%(period)s::date, 'YYMM') || lpad(n.id::text, 10, '0'),
       pe.payment_channel, pe.bank_code, pe.account_number, pe.account_holder, pe.full_name, pe.national_id,
       'pending', '', '', now()
FROM numbered n
JOIN programs_enrollment en ON en.id = n.eid
JOIN beneficiaries_person pe ON pe.id = en.person_id
RETURNING 1
)
SELECT DISTINCT eid, day, severity, code, kind, pid FROM issues WHERE severity = 'problem' ORDER BY eid, day
"""

SKIPPED_SQL = """
SELECT count(*) FROM (
    SELECT p.enrollment_id, p.period FROM payments_payment p
    JOIN programs_enrollment en ON en.id = p.enrollment_id
    JOIN beneficiaries_person pe ON pe.id = en.person_id JOIN areas_area a ON a.id = pe.area_id
    WHERE en.program_id = %(program)s AND a.path LIKE %(path)s AND p.period >= %(earliest)s
    GROUP BY p.enrollment_id, p.period
    HAVING count(*) FILTER (WHERE p.status IN ('failed', 'returned')) >= 2 + (
               SELECT count(*) FROM payments_retryallowance r
               WHERE r.enrollment_id = p.enrollment_id AND r.period = p.period)
       AND count(*) FILTER (WHERE p.status IN ('pending', 'paid')) = 0
) AS t
"""


def _retro_from(batch: PaymentBatch) -> datetime.date:
    """Earliest month whose paid lines may be wrong: standards or rules changed since the last other batch."""
    program, period = batch.program, batch.period
    last = PaymentBatch.objects.filter(program=program).exclude(status=BatchStatus.CANCELLED)\
        .exclude(pk=batch.pk).aggregate(at=Max("generated_at"))["at"]
    if last is None:
        return period
    changed = [
        BenefitStandard.objects.filter(code=program.standard_code, updated_at__gt=last)
        .aggregate(day=Min("valid_from"))["day"],
        BenefitRule.objects.filter(program=program, updated_at__gt=last).aggregate(day=Min("valid_from"))["day"],
    ]
    earliest_change = min((d for d in changed if d), default=None)
    return month_start(earliest_change) if earliest_change and earliest_change < period else period


def _lines_for(batch: PaymentBatch) -> dict:
    """Insert the batch's lines in one statement; return a summary of what it found."""
    period = batch.period
    months_back = settings.PAYMENT_LOOKBACK_MONTHS
    earliest = (period.replace(day=15) - datetime.timedelta(days=30.44 * months_back)).replace(day=1)
    params = {
        "program": batch.program_id, "path": batch.area.path + "%", "period": period, "earliest": earliest,
        "last": (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1),
        "retro_from": _retro_from(batch), "batch": batch.pk, "counted": PAYABLE,
    }
    with connection.cursor() as cursor:
        # The statement joins its own intermediate results (CTEs), whose sizes PostgreSQL cannot estimate: it
        # guesses a row or two and picks nested loops, quadratic at a province's scale. Hash joins are right for
        # a batch whatever its size; and with nested loops priced out, the plan's cost would start JIT
        # compilation (8 s for this statement). Both settings last for this statement only (docs/performance.md).
        cursor.execute("SELECT current_setting('enable_nestloop'), current_setting('jit'), "
                       "set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true)")
        nestloop, jit, *_set = cursor.fetchone()
        cursor.execute(GENERATE_SQL, params)
        problems = cursor.fetchall()
        cursor.execute("SELECT set_config('enable_nestloop', %s, true), set_config('jit', %s, true)", [nestloop, jit])
        cursor.execute(SKIPPED_SQL, params)
        (failed_twice,) = cursor.fetchone()
    kinds = dict(batch.lines.values_list("kind").annotate(n=Count("id")))
    # cashless lines to an account nobody has checked against the population database (listed on the batch)
    unverified = batch.lines.filter(channel__in=CASHLESS).exclude(person__account_verification="verified").count()
    enrolled = Enrollment.objects.filter(program=batch.program, person__area__path__startswith=batch.area.path,
                                         status__in=["approved", "suspended", "ended"]).count()
    return {"lines_by_kind": kinds, "enrollments": enrolled, "failed_twice_waiting": failed_twice,
            "unverified_accounts": unverified,
            "earliest_month": earliest.isoformat(),
            "rechecked_from": params["retro_from"].isoformat(), "problems": _problem_list(problems)}


def _problem_list(rows) -> list[dict]:
    """One entry per enrollment whose months the rules could not answer: who, which months, why."""
    described = describe((severity, code, kind, pid) for _eid, _day, severity, code, kind, pid in rows)
    by_enrollment: dict[int, dict] = {}
    for eid, day, severity, code, kind, pid in rows:
        entry = by_enrollment.setdefault(eid, {"enrollment": eid, "months": [], "messages": []})
        if f"{day:%Y-%m}" not in entry["months"]:
            entry["months"].append(f"{day:%Y-%m}")
        message = described[(severity, code, kind, pid)].message
        if message not in entry["messages"]:
            entry["messages"].append(message)
    people = dict(Enrollment.objects.filter(pk__in=by_enrollment).values_list("pk", "person_id"))
    names = dict(Person.objects.filter(pk__in=people.values()).values_list("pk", "full_name"))
    for eid, entry in by_enrollment.items():
        entry["person"], entry["full_name"] = people[eid], names[people[eid]]
    return sorted(by_enrollment.values(), key=lambda entry: (entry["full_name"], entry["enrollment"]))


def refresh_totals(batch: PaymentBatch) -> PaymentBatch:
    totals = batch.lines.exclude(status=PaymentStatus.CANCELLED).aggregate(
        n=Count("id"), total=Sum("amount"),
        cashless=Sum("amount", filter=Q(channel__in=CASHLESS)),
        cash=Sum("amount", filter=~Q(channel__in=CASHLESS)),
        paid=Sum("amount", filter=Q(status=PaymentStatus.PAID)),
        failed=Sum("amount", filter=Q(status__in=[PaymentStatus.FAILED, PaymentStatus.RETURNED])),
    )
    batch.line_count = totals["n"]
    batch.total_amount = totals["total"] or 0
    batch.cashless_amount = totals["cashless"] or 0
    batch.cash_amount = totals["cash"] or 0
    batch.paid_amount = totals["paid"] or 0
    batch.failed_amount = totals["failed"] or 0
    excluded = set(batch.exclusions.values_list("enrollment_id", flat=True))
    batch.problem_count = sum(1 for entry in batch.summary.get("problems", []) if entry["enrollment"] not in excluded)
    batch.save(update_fields=["line_count", "total_amount", "cashless_amount", "cash_amount", "paid_amount",
                              "failed_amount", "summary", "problem_count", "updated_at"])
    return batch


def _lock_program(program: Program) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ADVISORY_NAMESPACE, program.pk])


def _ensure_may_generate(by: User, program: Program, area: Area) -> None:
    require_role(by, *BATCH_ROLES)
    ensure_in_scope(by, area)
    ensure_batch_area(program, area)
    ensure_batch_actor(by, program=program, area=area, step=BatchStep.PREPARE)


def lock_batch(by: User, batch: PaymentBatch, step: str = BatchStep.PREPARE) -> PaymentBatch:
    """Re-read ``batch`` under a row lock; refuse a user out of its area or not the one to take ``step``."""
    require_role(by, *BATCH_ROLES)
    batch = PaymentBatch.objects.select_for_update().select_related("area", "program").get(pk=batch.pk)
    ensure_in_scope(by, batch.area)
    ensure_batch_actor(by, program=batch.program, area=batch.area, step=step)
    return batch


@transaction.atomic
def payment_batch_generate(*, by: User, program: Program, period, area: Area) -> PaymentBatch:
    """Create a draft batch holding every line not yet covered by a live line (possibly none).

    One generation per program at a time (advisory lock); a second draft for the
    same program, month and area is refused with 409 (use regenerate). Who generates is the decision table's:
    the commune for a program the communes pay (one batch per commune), the owning Sở otherwise.
    """
    _ensure_may_generate(by, program, area)
    period = month_start(period)
    if not program.pays_cash:
        raise DomainError(_("Chính sách “%(p)s” không chi tiền.") % {"p": program.name}, code="not_cash")
    if period > month_start(timezone.localdate()) + datetime.timedelta(days=62):
        raise DomainError(_("Chỉ lập bảng chi trả cho tháng này, tháng sau hoặc các tháng đã qua."), code="bad_period")
    _lock_program(program)
    if PaymentBatch.objects.filter(program=program, period=period, area=area, status=BatchStatus.DRAFT).exists():
        raise Conflict(_("Đã có bảng nháp cho chính sách, tháng và địa bàn này: hãy lập lại bảng đó."),
                          code="draft_exists")
    batch = PaymentBatch(program=program, period=period, area=area, generated_by=by, generated_at=timezone.now())
    with acting_as(by):
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError as exc:
            raise Conflict(_("Đã có bảng nháp cho chính sách, tháng và địa bàn này."),
                              code="draft_exists") from exc
        batch.summary = _lines_for(batch)
        return refresh_totals(batch)


def payment_batch_generate_start(*, by: User, program: Program, period, area: Area) -> Job:
    """Queue ``payment_batch_generate`` as a background job (its page shows progress and the batch)."""
    _ensure_may_generate(by, program, area)
    return job_start(by=by, kind=BATCH_GENERATE,
                     params={"program": program.code, "period": month_start(period).isoformat()[:7], "area": area.code})


def payment_list_is_long(batch: PaymentBatch, commune: Area) -> bool:
    return batch.lines.filter(person__area=commune).count() > PDF_SYNC_LINES


def payment_list_pdf_start(*, by: User, batch: PaymentBatch, commune: Area) -> Job:
    """Queue the PDF payment list of ``commune``'s persons in ``batch``: for a user who reads the batch, of a
    commune in their scope (ID numbers are masked as ``by`` sees them when it runs)."""
    if not selectors.batch_list(user=by).filter(pk=batch.pk).exists():
        raise PermissionDenied(_("Bảng chi trả này không thuộc phạm vi của bạn."))
    ensure_in_scope(by, commune)
    if commune.level != Level.COMMUNE:
        raise ValidationError({"commune": _("Danh sách chi trả lập theo từng xã/phường.")})
    return job_start(by=by, kind=PAYMENT_LIST_PDF, params={"batch": batch.pk, "commune": commune.code})


@transaction.atomic
def payment_batch_regenerate(*, by: User, batch: PaymentBatch) -> PaymentBatch:
    """Replace a draft batch's lines with what is due now."""
    _lock_program(batch.program)
    batch = lock_batch(by, batch)
    if batch.status != BatchStatus.DRAFT:
        raise Conflict(_("Chỉ lập lại được bảng nháp."), code="not_draft")
    with acting_as(by):
        batch.lines.all().delete()
        batch.generated_by, batch.generated_at = by, timezone.now()
        batch.save(update_fields=["generated_by", "generated_at", "updated_at"])
        batch.summary = _lines_for(batch)
        return refresh_totals(batch)


@transaction.atomic
def payment_batch_approve(*, by: User, batch: PaymentBatch) -> PaymentBatch:
    """The second person approves a batch someone else generated: the commune leader, or a leader of the Sở."""
    batch = lock_batch(by, batch, BatchStep.APPROVE)
    if batch.generated_by_id == by.id:
        raise PermissionDenied(_("Người duyệt không được là người lập bảng chi trả."))
    if batch.problem_count:
        raise Conflict(_("Còn %(n)s người có tháng chưa xác định được mức hưởng: bổ sung dữ liệu rồi lập lại "
                            "bảng, hoặc loại họ khỏi bảng (ghi lý do) trước khi duyệt.") % {"n": batch.problem_count},
                          code="problems_left")
    with acting_as(by):
        return transition(batch, to=BatchStatus.APPROVED, by=by,
                          fields={"approved_by": by, "approved_at": timezone.now()})


@transaction.atomic
def payment_batch_exclude(*, by: User, batch: PaymentBatch, enrollment_id: int, reason: str) -> PaymentBatch:
    """Leave a person with a problem out of a draft batch (audited); their months wait for the next batch."""
    batch = lock_batch(by, batch)
    if batch.status != BatchStatus.DRAFT:
        raise Conflict(_("Chỉ loại người khỏi bảng nháp."), code="not_draft")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần ghi lý do loại khỏi bảng.")]})
    entry = next((p for p in batch.summary.get("problems", []) if p["enrollment"] == enrollment_id), None)
    if entry is None:
        raise ValidationError({"enrollment": [_("Người này không có vướng mắc trong bảng: không cần loại.")]})
    if batch.exclusions.filter(enrollment_id=enrollment_id).exists():
        raise Conflict(_("Người này đã được loại khỏi bảng."), code="already_excluded")
    with acting_as(by):
        BatchExclusion.objects.create(batch=batch, enrollment_id=enrollment_id, person_id=entry["person"],
                                      reason=reason, excluded_by=by)
        batch.lines.filter(enrollment_id=enrollment_id).delete()
        return refresh_totals(batch)


@transaction.atomic
def payment_batch_cancel(*, by: User, batch: PaymentBatch, reason: str = "") -> PaymentBatch:
    batch = lock_batch(by, batch)
    with acting_as(by):
        batch = transition(batch, to=BatchStatus.CANCELLED, by=by, reason=(reason or "").strip())
        batch.lines.filter(status__in=LIVE).update(status=PaymentStatus.CANCELLED)
        return refresh_totals(batch)
