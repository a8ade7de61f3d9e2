"""The monthly amount of an enrollment, from the law in the database.

For a month M (its first day ``day``):
- the standard (mức chuẩn) of the program's code in force on ``day``;
- the rules of the program in force on ``day`` that match the person's approved
  profiles (category or group, relative or not, injury rate, number of martyrs)
  and the person's age on ``day``;
- per component (main, allowance) the highest value; components add up;
- 0 unless the enrollment is approved (or suspended/ended, for the months it
  did run), ``start_date`` ≤ last day of M, ``end_date`` ≥ ``day``, no
  suspension covers ``day``, and the person did not die before ``day``.

One SQL statement computes any number of enrollments at once (payment batches
use it for the whole province); ``amount_for`` is the same query for one.
"""

import datetime
from dataclasses import dataclass

from django.db import connection

from common.exceptions import DomainError


@dataclass(frozen=True)
class Amount:
    amount: int
    rule_ids: tuple[int, ...] = ()


ZERO = Amount(0)

# The amount due for each (enrollment, month) pair of a CTE named ``req(eid, day)`` that the
# caller provides (``day`` = first day of the month). Produces ``due(eid, day, amount, rule_ids)``.
DUE_CTES = """
e AS (
    SELECT req.eid AS id, req.day, en.person_id, en.program_id, pr.standard_code,
           date_part('year', age(req.day, pe.date_of_birth))::int AS age
    FROM req
    JOIN programs_enrollment en ON en.id = req.eid
    JOIN programs_program pr ON pr.id = en.program_id
    JOIN beneficiaries_person pe ON pe.id = en.person_id
    WHERE en.status IN ('approved', 'suspended', 'ended')
      AND pr.kind IN ('monthly_cash', 'facility_care', 'one_off_cash')
      AND en.start_date <= (req.day + interval '1 month' - interval '1 day')::date
      AND (en.end_date IS NULL OR en.end_date >= req.day)
      AND (pe.date_of_death IS NULL OR pe.date_of_death >= req.day)
      AND NOT EXISTS (SELECT 1 FROM programs_suspension s
                      WHERE s.enrollment_id = en.id AND s.from_date <= req.day
                        AND (s.to_date IS NULL OR s.to_date >= req.day))
),
mp AS (
    SELECT person_id, category_code, injury_rate, merit_person_id IS NOT NULL AS is_relative
    FROM beneficiaries_meritprofile
    WHERE status = 'approved' AND person_id IN (SELECT person_id FROM e)
),
relatives AS (
    SELECT person_id, category_code, count(*) AS n FROM mp WHERE is_relative GROUP BY person_id, category_code
),
pp AS (
    SELECT person_id, group_code, children_count FROM beneficiaries_protectionprofile
    WHERE status = 'approved' AND person_id IN (SELECT person_id FROM e)
),
es AS (
    SELECT e.*, (SELECT s.amount FROM programs_benefitstandard s
                 WHERE s.code = e.standard_code AND s.valid_from <= e.day
                 ORDER BY s.valid_from DESC LIMIT 1) AS standard
    FROM e
),
candidates AS (
    SELECT es.id AS eid, es.day, r.id AS rid, r.component,
           COALESCE(r.amount, ROUND(r.coefficient * es.standard
                                    * CASE WHEN r.per_child THEN COALESCE(pp.children_count, 0) ELSE 1 END)) AS value
    FROM es
    JOIN programs_benefitrule r ON r.program_id = es.program_id AND r.merit_category_id IS NULL
         AND r.valid_from <= es.day AND (r.valid_to IS NULL OR r.valid_to >= es.day)
    JOIN pp ON pp.person_id = es.person_id
               AND (r.protection_group_id IS NULL OR r.protection_group_id = pp.group_code)
    WHERE (r.age_min IS NULL OR es.age >= r.age_min) AND (r.age_max IS NULL OR es.age < r.age_max)
    UNION ALL
    SELECT es.id, es.day, r.id, r.component, COALESCE(r.amount, ROUND(r.coefficient * es.standard))
    FROM es
    JOIN programs_benefitrule r ON r.program_id = es.program_id AND r.merit_category_id IS NOT NULL
         AND r.valid_from <= es.day AND (r.valid_to IS NULL OR r.valid_to >= es.day)
    JOIN mp ON mp.person_id = es.person_id AND mp.category_code = r.merit_category_id
               AND mp.is_relative = r.for_relatives
    LEFT JOIN relatives rc ON rc.person_id = es.person_id AND rc.category_code = r.merit_category_id
    WHERE (r.age_min IS NULL OR es.age >= r.age_min) AND (r.age_max IS NULL OR es.age < r.age_max)
      AND (r.injury_rate_min IS NULL OR mp.injury_rate >= r.injury_rate_min)
      AND (r.injury_rate_max IS NULL OR mp.injury_rate <= r.injury_rate_max)
      AND (r.relative_count_min IS NULL OR COALESCE(rc.n, 0) >= r.relative_count_min)
      AND (r.relative_count_max IS NULL OR COALESCE(rc.n, 0) <= r.relative_count_max)
),
best AS (
    SELECT DISTINCT ON (eid, day, component) eid, day, component, rid, value
    FROM candidates WHERE value IS NOT NULL
    ORDER BY eid, day, component, value DESC, rid
),
due AS (
    SELECT eid, day, SUM(value)::bigint AS amount, array_agg(rid ORDER BY rid) AS rule_ids
    FROM best GROUP BY eid, day
)
"""

SQL = ("WITH req AS (SELECT unnest(%(ids)s::bigint[]) AS eid, %(day)s::date AS day),"
       + DUE_CTES + "SELECT eid, amount, rule_ids FROM due")


def month_start(period: str | datetime.date) -> datetime.date:
    """Return the first day of a month given as "YYYY-MM" or as a date."""
    if isinstance(period, datetime.date):
        return period.replace(day=1)
    try:
        year, month = (int(part) for part in period.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, AttributeError) as exc:
        raise DomainError("Kỳ phải có dạng YYYY-MM, ví dụ 2026-07.", code="bad_period") from exc


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def amounts_for(enrollment_ids, period) -> dict[int, Amount]:
    """Return {enrollment id: Amount} for the month, in one query; enrollments that pay nothing are omitted."""
    day = month_start(period)
    ids = list(enrollment_ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"ids": ids, "day": day})
        return {eid: Amount(int(total), tuple(rules)) for eid, total, rules in cursor.fetchall()}


def amount_for(enrollment, period) -> int:
    """Return what ``enrollment`` pays for the month, in whole đồng."""
    return amounts_for([enrollment.pk], period).get(enrollment.pk, ZERO).amount


def explain(enrollment, period) -> Amount:
    return amounts_for([enrollment.pk], period).get(enrollment.pk, ZERO)
