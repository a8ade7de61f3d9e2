"""What the database constraints cannot check, checked by queries (``manage.py check_integrity``).

Each check returns findings: (check, what is wrong, how many rows, a few ids). No finding, nothing to do.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

SAMPLE = 10


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    count: int
    sample: list


def _rows(sql: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _finding(check: str, message: str, rows: list) -> list[Finding]:
    return [Finding(check, message, len(rows), [r[0] for r in rows[:SAMPLE]])] if rows else []


def batch_totals() -> list[Finding]:
    """Every batch's stored counts and totals equal the sums of its lines (cancelled lines left out)."""
    rows = _rows("""
        SELECT b.id FROM payments_paymentbatch b
        LEFT JOIN (SELECT batch_id, count(*) AS n, COALESCE(sum(amount), 0) AS total,
                          COALESCE(sum(amount) FILTER (WHERE status = 'paid'), 0) AS paid
                   FROM payments_payment WHERE status <> 'cancelled' GROUP BY batch_id) l ON l.batch_id = b.id
        WHERE b.line_count <> COALESCE(l.n, 0) OR b.total_amount <> COALESCE(l.total, 0)
           OR b.paid_amount <> COALESCE(l.paid, 0)
        ORDER BY b.id""")
    return _finding("batch_totals", "tổng của bảng chi trả khác tổng các dòng", rows)


def months_paid_twice() -> list[Finding]:
    """No month of an enrollment has two main lines paid (adjustments pay a difference, not the month)."""
    rows = _rows("""
        SELECT enrollment_id FROM payments_payment
        WHERE status = 'paid' AND kind <> 'adjustment'
        GROUP BY enrollment_id, period HAVING count(*) > 1 ORDER BY enrollment_id""")
    return _finding("months_paid_twice", "tháng hưởng được chi hai lần", rows)


def paid_without_transaction() -> list[Finding]:
    rows = _rows("SELECT id FROM payments_payment WHERE status = 'paid' AND bank_transaction_id = '' ORDER BY id")
    return _finding("paid_without_transaction", "dòng đã chi không có mã giao dịch ngân hàng", rows)


def decisions_without_transition() -> list[Finding]:
    """Every approved (or later) case has the transition that approved it, with who and when."""
    findings = []
    for label, statuses in (("beneficiaries.MeritProfile", ("approved", "suspended", "ended")),
                            ("beneficiaries.ProtectionProfile", ("approved", "suspended", "ended")),
                            ("programs.Enrollment", ("approved", "suspended", "ended")),
                            ("housing.HousingCase", ("approved", "in_progress", "completed"))):
        model = apps.get_model(label)  # by name: common/ imports no domain app
        kind = ContentType.objects.get_for_model(model)
        table = model._meta.db_table
        rows = _rows(f"""
            SELECT c.id FROM {table} c
            WHERE c.status = ANY(%s) AND NOT EXISTS (
                SELECT 1 FROM common_transition t
                WHERE t.content_type_id = %s AND t.object_id = c.id AND t.to_status = 'approved')
            ORDER BY c.id""", [list(statuses), kind.pk])
        findings += _finding(f"no_transition:{model._meta.label}",
                             f"{model._meta.verbose_name} đã duyệt nhưng không có bản ghi chuyển trạng thái", rows)
    return findings


def persons_outside_communes() -> list[Finding]:
    """Indicators count persons by commune: every person lives in an active commune-level unit."""
    rows = _rows("""
        SELECT p.id FROM beneficiaries_person p JOIN areas_area a ON a.id = p.area_id
        WHERE a.level <> 'commune' OR NOT a.is_active ORDER BY p.id""")
    return _finding("persons_outside_communes", "người không thuộc một xã đang hiệu lực (chỉ tiêu không đếm được)",
                    rows)


def audit_behind() -> list[Finding]:
    """Every tracked record has at least its insert in the history (a row written with the triggers off)."""
    findings = []
    for label in ("beneficiaries.Person", "beneficiaries.Household", "programs.Enrollment", "payments.PaymentBatch"):
        model = apps.get_model(label)
        event = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        rows = _rows(f"""
            SELECT o.id FROM {model._meta.db_table} o
            WHERE NOT EXISTS (SELECT 1 FROM {event._meta.db_table} e WHERE e.pgh_obj_id = o.id)
            ORDER BY o.id""")
        findings += _finding(f"audit_behind:{model._meta.label}",
                             f"{model._meta.verbose_name} không có lịch sử thay đổi", rows)
    return findings


CHECKS = (batch_totals, months_paid_twice, paid_without_transaction, decisions_without_transition,
          persons_outside_communes, audit_behind)


def check_all() -> list[Finding]:
    return [finding for check in CHECKS for finding in check()]
