"""The monthly amount of an enrollment, from the law in the database.

For a month M (its first day ``day``; ``ref`` = the last day of the month before):
- a change of circumstances applies from the month after the event (NĐ 20/2021 as amended by NĐ 147/2025,
  Đ5 k2 d): so the person's age, a study end date or an admission are read on ``ref``, and a death, an end
  date or a suspension on ``day`` (a death on 15 March pays March, nothing from April);
- the standard (mức chuẩn) of the program's code in force on ``day``: the higher of the national row and the
  row of the person's province, if the province set one (NĐ 76/2024);
- the rules of the program in force on ``day`` that match the person's approved profiles (category or group,
  relative or not, injury rate and war-invalid type, number of martyrs, flags, age on ``ref``);
- merit programs pay every category's trợ cấp and phụ cấp (Pháp lệnh 02/2020 Đ6 k3): per category and
  component the highest row, a special allowance replacing that category's allowance, the carer allowance
  once at the highest; other programs pay the highest row of each component;
- nothing unless the enrollment is approved (or suspended/ended, for the months it did run), ``start_date`` ≤
  last day of M, ``end_date`` ≥ ``day``, no suspension covers ``day``, and the person did not die before ``day``;
  a program marked ``paused_in_facility`` pays nothing while the person was in a facility on ``ref``.

Where the rules cannot give an answer — an approved profile that no row applies to (a missing table row), no
standard in force, a count the row multiplies by that is not recorded — the month has a **problem**: the
amount is not paid (payment batches leave it out and list it) until the data is fixed.

One SQL statement computes any number of enrollments at once (payment batches use it for the whole province);
``amount_for`` is the same query for one.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from beneficiaries.models import MeritProfile, ProtectionProfile
from common.exceptions import DomainError
from common.models import CaseStatus


@dataclass(frozen=True)
class Issue:
    """A problem (blocks payment) or a note (explains an amount) about one enrollment and month."""

    code: str
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Amount:
    """``amount`` is what is paid: 0 while the month has a problem; ``computed`` is what the rules that did
    apply give (equal to ``amount`` when there is no problem)."""

    amount: int
    rule_ids: tuple[int, ...] = ()
    problems: tuple[Issue, ...] = field(default=())
    notes: tuple[Issue, ...] = field(default=())
    computed: int = 0


ZERO = Amount(0)
# Enrollments whose months are paid (DUE_CTES' ``%(counted)s``): a suspension pauses months, an end closes them.
PAYABLE = [CaseStatus.APPROVED.value, CaseStatus.SUSPENDED.value, CaseStatus.ENDED.value]

# The amount due for each (enrollment, month) pair of a CTE named ``req(eid, day)`` that the caller provides
# (``day`` = first day of the month). Produces ``due(eid, day, amount, rule_ids)`` and
# ``issues(eid, day, severity, code, kind, pid)`` (severity 'problem' or 'note'; pid = the profile concerned).
DUE_CTES = """
-- the requested pairs, and the person's enrollments in other programs of the same exclusive group (higher-of)
pairs AS (
    SELECT req.day, en.person_id, o.id AS oid
    FROM req
    JOIN programs_enrollment en ON en.id = req.eid
    JOIN programs_program p ON p.id = en.program_id AND p.exclusive_group <> ''
    JOIN programs_enrollment o ON o.person_id = en.person_id AND o.program_id <> en.program_id
    JOIN programs_program q ON q.id = o.program_id AND q.exclusive_group = p.exclusive_group
),
reqx AS (
    SELECT eid, day FROM req
    UNION ALL
    SELECT DISTINCT oid, day FROM pairs
    WHERE NOT EXISTS (SELECT 1 FROM req r2 WHERE r2.eid = pairs.oid AND r2.day = pairs.day)
),
e AS (
    SELECT req.eid AS id, req.day, (req.day - 1) AS ref, en.person_id, en.program_id, en.start_date,
           pr.standard_code, pr.target, pr.kind, pr.pays_each_category, pr.exclusive_group AS xgroup,
           -- a one-off payment goes by the law in force on its event (a death, a gift's date); a month by its 1st
           CASE WHEN pr.kind = 'one_off_cash' THEN en.start_date ELSE req.day END AS eff,
           date_part('year', age(req.day - 1, pe.date_of_birth))::int AS age, a.path AS area_path,
           pe.has_pension,
           CASE WHEN pr.target = 'elderly' THEN (
               SELECT r.classification FROM beneficiaries_povertyreview r
               WHERE r.household_id = pe.household_id ORDER BY r.year DESC LIMIT 1) END AS household_class,
           pr.paused_in_facility AND EXISTS (
               SELECT 1 FROM programs_admission ad
               WHERE ad.person_id = en.person_id AND ad.admitted_on < req.day
                 AND (ad.discharged_on IS NULL OR ad.discharged_on >= req.day)) AS in_facility
    FROM reqx req
    JOIN programs_enrollment en ON en.id = req.eid
    JOIN programs_program pr ON pr.id = en.program_id
    JOIN beneficiaries_person pe ON pe.id = en.person_id
    JOIN areas_area a ON a.id = pe.area_id
    WHERE en.status = ANY(%(counted)s)  -- PAYABLE; a decider's preview adds the proposal itself
      AND pr.kind IN ('monthly_cash', 'facility_care', 'one_off_cash')
      AND en.start_date <= (req.day + interval '1 month' - interval '1 day')::date
      AND (en.end_date IS NULL OR en.end_date >= req.day)
      AND (pr.kind <> 'one_off_cash' OR date_trunc('month', en.start_date) = req.day)
      AND (pe.date_of_death IS NULL OR pe.date_of_death >= req.day OR pr.target = 'deceased')
      AND NOT EXISTS (SELECT 1 FROM programs_suspension s
                      WHERE s.enrollment_id = en.id AND s.from_date <= req.day
                        AND (s.to_date IS NULL OR s.to_date >= req.day))
),
mp AS (
    SELECT m.id, m.person_id, m.category_code, m.merit_person_id IS NOT NULL AS is_relative, m.flags,
           m.war_invalid_type, m.seniority_years, c.monthly_allowance,
           -- a relative's rows go by the injury rate of the person they are a relative of
           COALESCE(m.injury_rate, (SELECT max(o.injury_rate) FROM beneficiaries_meritprofile o
                                    WHERE o.person_id = m.merit_person_id AND o.category_code = m.category_code
                                      AND o.merit_person_id IS NULL
                                      AND o.status IN ('approved', 'suspended', 'ended'))) AS injury_rate
    FROM beneficiaries_meritprofile m
    JOIN beneficiaries_meritcategory c ON c.code = m.category_code
    WHERE m.status = 'approved' AND m.person_id IN (SELECT person_id FROM e WHERE target = 'merit')
),
relatives AS (
    SELECT person_id, category_code, count(*) AS n FROM mp WHERE is_relative GROUP BY person_id, category_code
),
pp AS (
    SELECT p.id, p.person_id, p.group_code, p.children_count, p.studying_until,
           g.age_min, g.age_max, g.requires_studying, g.requires_children_count
    FROM beneficiaries_protectionprofile p
    JOIN beneficiaries_protectiongroup g ON g.code = p.group_code
    WHERE p.status = 'approved' AND p.person_id IN (SELECT person_id FROM e WHERE target = 'protection')
),
-- the standard of each (code, day, province) once, not per row: the higher of the national and provincial rows
std AS (
    SELECT k.standard_code, k.eff, k.province, GREATEST(
        (SELECT s.amount FROM programs_benefitstandard s
         WHERE s.code = k.standard_code AND s.province_id IS NULL AND s.valid_from <= k.eff
         ORDER BY s.valid_from DESC LIMIT 1),
        (SELECT s.amount FROM programs_benefitstandard s JOIN areas_area sa ON sa.id = s.province_id
         WHERE s.code = k.standard_code AND s.valid_from <= k.eff AND sa.path = '/' || k.province || '/'
         ORDER BY s.valid_from DESC LIMIT 1)) AS amount
    FROM (SELECT DISTINCT standard_code, eff, split_part(area_path, '/', 2) AS province FROM e) k
),
es AS (
    SELECT e.*, std.amount AS standard
    FROM e LEFT JOIN std ON std.standard_code = e.standard_code AND std.eff = e.eff
                         AND std.province = split_part(e.area_path, '/', 2)
),
-- protection profiles by whether their group covers the person in this month
ep AS (
    SELECT es.id AS eid, es.day, es.in_facility, pp.*,
           (pp.age_min IS NULL OR es.age >= pp.age_min) AND (pp.age_max IS NULL OR es.age < pp.age_max) AS age_ok,
           NOT pp.requires_studying OR COALESCE(pp.studying_until >= es.ref, false) AS study_ok
    FROM es JOIN pp ON pp.person_id = es.person_id
    WHERE es.target = 'protection'
),
-- a single parent's linked children who count this month: under 16, or under 22 while studying (month after)
kids AS (
    SELECT ep.eid, ep.day, ep.id AS pid,
           count(*) FILTER (WHERE (c.date_of_death IS NULL OR c.date_of_death >= ep.day) AND (
               date_part('year', age(ep.day - 1, c.date_of_birth)) < 16
               OR date_part('year', age(ep.day - 1, c.date_of_birth)) < 22 AND pc.studying_until >= ep.day - 1))
               AS n
    FROM ep
    JOIN beneficiaries_profilechild pc ON pc.profile_id = ep.id
    JOIN beneficiaries_person c ON c.id = pc.child_id
    WHERE ep.requires_children_count
    GROUP BY ep.eid, ep.day, ep.id
),
candidates AS (
    SELECT es.id AS eid, es.day, r.id AS rid, r.component, 'p' AS grp, 'protection' AS kind, ep.id AS pid,
           NULL AS cat, NULL::boolean AS rel, es.program_id, es.eff,
           r.amount IS NULL AND es.standard IS NULL AS no_standard,
           COALESCE(r.amount, ROUND(r.coefficient * es.standard
                                    * CASE WHEN r.per_child THEN COALESCE(k.n, ep.children_count) ELSE 1 END))
               AS value
    FROM es
    JOIN ep ON ep.eid = es.id AND ep.day = es.day AND ep.age_ok AND ep.study_ok
    LEFT JOIN kids k ON k.eid = ep.eid AND k.day = ep.day AND k.pid = ep.id
    JOIN programs_benefitrule r ON r.program_id = es.program_id AND r.merit_category_id IS NULL
         AND r.valid_from <= es.eff AND (r.valid_to IS NULL OR r.valid_to >= es.eff)
         AND (r.protection_group_id IS NULL OR r.protection_group_id = ep.group_code)
    WHERE es.target = 'protection' AND NOT es.in_facility
      AND (r.age_min IS NULL OR es.age >= r.age_min) AND (r.age_max IS NULL OR es.age < r.age_max)
    UNION ALL
    SELECT es.id, es.day, r.id, r.component,
           CASE WHEN NOT es.pays_each_category THEN 'p' WHEN r.component = 'carer' THEN 'carer'
                ELSE mp.category_code || '/' || mp.is_relative::text END,
           'merit', mp.id, mp.category_code, mp.is_relative, es.program_id, es.eff,
           r.amount IS NULL AND es.standard IS NULL,
           COALESCE(r.amount, ROUND(r.coefficient * es.standard))
               * CASE WHEN r.per_year THEN mp.seniority_years ELSE 1 END
    FROM es
    JOIN mp ON mp.person_id = es.person_id
    JOIN programs_benefitrule r ON r.program_id = es.program_id AND r.merit_category_id = mp.category_code
         AND mp.is_relative = r.for_relatives
         AND r.valid_from <= es.eff AND (r.valid_to IS NULL OR r.valid_to >= es.eff)
    LEFT JOIN relatives rc ON rc.person_id = es.person_id AND rc.category_code = r.merit_category_id
    WHERE es.target = 'merit' AND NOT es.in_facility
      AND (r.age_min IS NULL OR es.age >= r.age_min) AND (r.age_max IS NULL OR es.age < r.age_max)
      AND (r.injury_rate_min IS NULL OR mp.injury_rate >= r.injury_rate_min)
      AND (r.injury_rate_max IS NULL OR mp.injury_rate <= r.injury_rate_max)
      AND (r.war_invalid_type = '' OR r.war_invalid_type = mp.war_invalid_type)
      AND r.requires_flags <@ mp.flags
      AND (r.relative_count_min IS NULL OR COALESCE(rc.n, 0) >= r.relative_count_min)
      AND (r.relative_count_max IS NULL OR COALESCE(rc.n, 0) <= r.relative_count_max)
    UNION ALL
    -- programs without a profile (social pension, funeral support): the rows match the person directly
    SELECT es.id, es.day, r.id, r.component, 'p', 'person', NULL, NULL, NULL, es.program_id, es.eff,
           r.amount IS NULL AND es.standard IS NULL,
           COALESCE(r.amount, ROUND(r.coefficient * es.standard))
    FROM es
    JOIN programs_benefitrule r ON r.program_id = es.program_id AND r.merit_category_id IS NULL
         AND r.protection_group_id IS NULL
         AND r.valid_from <= es.eff AND (r.valid_to IS NULL OR r.valid_to >= es.eff)
    WHERE es.target IN ('elderly', 'deceased') AND NOT es.in_facility
      AND (r.age_min IS NULL OR es.age >= r.age_min) AND (r.age_max IS NULL OR es.age < r.age_max)
      AND NOT (r.excludes_pensioners AND es.has_pension)
      AND (cardinality(r.household_classes) = 0 OR es.household_class = ANY (r.household_classes))
),
best AS (
    SELECT DISTINCT ON (eid, day, grp, component) eid, day, grp, component, rid, value
    FROM candidates WHERE value IS NOT NULL
    ORDER BY eid, day, grp, component, value DESC, rid
),
specials AS (
    SELECT DISTINCT eid, day, grp FROM best WHERE component = 'special'
),
kept AS (   -- a special allowance replaces the allowance of the same category
    SELECT b.* FROM best b LEFT JOIN specials s USING (eid, day, grp)
    WHERE NOT (b.component = 'allowance' AND s.eid IS NOT NULL)
),
-- merit categories whose table has a main row (trợ cấp) on the day: their profiles need one to be covered
mains AS (
    SELECT DISTINCT x.program_id, x.eff, r.merit_category_id AS cat, r.for_relatives AS rel
    FROM (SELECT DISTINCT program_id, eff FROM es WHERE target = 'merit') x
    JOIN programs_benefitrule r ON r.program_id = x.program_id AND r.component = 'main'
         AND r.merit_category_id IS NOT NULL AND r.valid_from <= x.eff AND (r.valid_to IS NULL OR r.valid_to >= x.eff)
),
-- the profiles (and persons) some row applies to (duplicates left: only tested for existence)
covered AS (
    SELECT c.eid, c.day, c.kind, c.pid
    FROM candidates c
    LEFT JOIN mains m ON c.kind = 'merit' AND m.program_id = c.program_id AND m.eff = c.eff AND m.cat = c.cat
                         AND m.rel = c.rel
    WHERE c.kind <> 'merit' OR c.component = 'main' OR m.cat IS NULL
),
found AS (
    SELECT es.id AS eid, es.day, 'problem' AS severity, 'no_rule' AS code, 'merit' AS kind, mp.id AS pid
    FROM es JOIN mp ON mp.person_id = es.person_id
    WHERE es.target = 'merit' AND (mp.monthly_allowance OR es.kind <> 'monthly_cash') AND NOT es.in_facility
      AND NOT EXISTS (SELECT 1 FROM covered cv WHERE cv.eid = es.id AND cv.day = es.day AND cv.kind = 'merit'
                                                 AND cv.pid = mp.id)
    UNION ALL
    SELECT ep.eid, ep.day, 'problem', 'no_rule', 'protection', ep.id
    FROM ep
    WHERE ep.age_ok AND ep.study_ok AND NOT ep.in_facility
      AND NOT EXISTS (SELECT 1 FROM covered cv WHERE cv.eid = ep.eid AND cv.day = ep.day AND cv.kind = 'protection'
                                                 AND cv.pid = ep.id)
    UNION ALL
    SELECT es.id, es.day, CASE WHEN es.target = 'deceased' THEN 'problem' ELSE 'note' END,
           CASE WHEN es.target = 'deceased' THEN 'no_rule' ELSE 'not_eligible' END, 'person', NULL
    FROM es
    WHERE es.target IN ('elderly', 'deceased') AND NOT es.in_facility
      AND NOT EXISTS (SELECT 1 FROM covered cv WHERE cv.eid = es.id AND cv.day = es.day AND cv.kind = 'person')
    UNION ALL
    SELECT eid, day, 'problem', CASE WHEN no_standard THEN 'no_standard' ELSE 'no_count' END, kind, pid
    FROM candidates WHERE value IS NULL
    UNION ALL
    SELECT eid, day, CASE WHEN requires_studying AND studying_until IS NULL AND age_ok THEN 'problem' ELSE 'note' END,
           CASE WHEN NOT age_ok THEN 'age_out' WHEN studying_until IS NULL THEN 'no_study_date' ELSE 'study_ended' END,
           'protection', id
    FROM ep WHERE NOT (age_ok AND study_ok)
    UNION ALL
    SELECT ep.eid, ep.day, 'note', CASE WHEN k.pid IS NULL THEN 'children_not_linked' ELSE 'no_child_counts' END,
           'protection', ep.id
    FROM ep LEFT JOIN kids k ON k.eid = ep.eid AND k.day = ep.day AND k.pid = ep.id
    WHERE ep.requires_children_count AND ep.age_ok AND (k.pid IS NULL OR k.n = 0)
    UNION ALL
    SELECT id, day, 'note', 'in_facility', '', NULL FROM es WHERE in_facility
    UNION ALL
    SELECT es.id, es.day, 'note', 'one_off_only', 'merit', mp.id
    FROM es JOIN mp ON mp.person_id = es.person_id
    WHERE es.target = 'merit' AND es.kind = 'monthly_cash' AND NOT mp.monthly_allowance
),
computed AS (
    SELECT eid, day, SUM(value)::bigint AS amount, array_agg(rid ORDER BY rid) AS rule_ids
    FROM kept GROUP BY eid, day
),
-- programs of one exclusive group: the person is paid the highest that month (ties: the earlier enrollment)
grouped AS (
    SELECT es.id AS eid, es.day, es.person_id, es.xgroup, COALESCE(c.amount, 0) AS amount, es.start_date,
           fp.eid IS NOT NULL AS has_problem
    FROM es
    LEFT JOIN computed c ON c.eid = es.id AND c.day = es.day
    LEFT JOIN (SELECT DISTINCT eid, day FROM found WHERE severity = 'problem') fp ON fp.eid = es.id AND fp.day = es.day
    WHERE es.xgroup <> '' AND es.person_id IN (SELECT person_id FROM pairs)
),
sets AS (
    SELECT person_id, xgroup, day, count(*) AS n, bool_or(has_problem) AS any_problem
    FROM grouped GROUP BY person_id, xgroup, day
),
winners AS (
    SELECT DISTINCT ON (g.person_id, g.xgroup, g.day) g.eid, g.day
    FROM grouped g JOIN sets USING (person_id, xgroup, day) WHERE sets.n > 1
    ORDER BY g.person_id, g.xgroup, g.day, g.amount DESC, g.start_date, g.eid
),
outdone AS (   -- enrollments of a group with another one that month that are not paid, and why
    SELECT g.eid, g.day, CASE WHEN sets.any_problem THEN 'other_problem' ELSE 'paid_by_other' END AS code
    FROM grouped g JOIN sets USING (person_id, xgroup, day)
    LEFT JOIN winners w ON w.eid = g.eid AND w.day = g.day
    WHERE sets.n > 1 AND NOT g.has_problem AND (sets.any_problem OR w.eid IS NULL)
),
issues AS (
    SELECT f.* FROM found f JOIN req USING (eid, day)
    UNION ALL
    SELECT o.eid, o.day, CASE WHEN o.code = 'other_problem' THEN 'problem' ELSE 'note' END, o.code, '', NULL
    FROM outdone o JOIN req USING (eid, day)
),
due AS (
    SELECT c.* FROM computed c JOIN req USING (eid, day)
    LEFT JOIN outdone o ON o.eid = c.eid AND o.day = c.day
    WHERE o.eid IS NULL
)
"""

SQL = ("WITH req AS (SELECT unnest(%(ids)s::bigint[]) AS eid, %(day)s::date AS day),"
       + DUE_CTES + """
SELECT e.id, COALESCE(due.amount, 0), COALESCE(due.rule_ids, '{}'), COALESCE(i.found, '[]')
FROM (SELECT DISTINCT es.id FROM es JOIN req ON req.eid = es.id AND req.day = es.day) e
LEFT JOIN due ON due.eid = e.id
LEFT JOIN (SELECT eid, json_agg(json_build_array(severity, code, kind, pid)) AS found FROM issues GROUP BY eid) i
       ON i.eid = e.id
""")


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


def describe(rows) -> dict[tuple[str, int | None, str], Issue]:
    """Vietnamese messages for ``(severity, code, kind, profile id)`` rows, with two queries at most."""
    rows = [tuple(row) for row in rows]
    merit_ids = {pid for _s, _c, kind, pid in rows if kind == "merit" and pid}
    protection_ids = {pid for _s, _c, kind, pid in rows if kind == "protection" and pid}
    merit = MeritProfile.objects.select_related("category").in_bulk(merit_ids) if merit_ids else {}
    protection = (ProtectionProfile.objects.select_related("group").in_bulk(protection_ids)
                  if protection_ids else {})
    described = {}
    for severity, code, kind, pid in rows:
        profile = merit.get(pid) if kind == "merit" else protection.get(pid)
        described[(severity, code, kind, pid)] = Issue(code, _message(code, profile))
    return described


def _who(profile) -> str:
    if profile is None:
        return ""
    if hasattr(profile, "category"):
        text = profile.category.name
        if profile.injury_rate is not None:
            kind = _(" loại B") if profile.war_invalid_type == "B" and profile.category_id == "THUONG_BINH" else ""
            text += _(", tỷ lệ tổn thương %(rate)s%%%(kind)s") % {"rate": profile.injury_rate, "kind": kind}
        if profile.is_relative:
            text = _("thân nhân — %(who)s") % {"who": text}
        return text
    return profile.group.name


def _message(code: str, profile) -> str:
    who = _who(profile)
    return {
        "no_rule": _("Không có quy tắc mức hưởng nào áp dụng cho hồ sơ “%(who)s” trong tháng này: chưa chi, "
                     "cần bổ sung bảng mức hưởng (quản trị) hoặc sửa hồ sơ.") % {"who": who},
        "no_standard": _("Chưa có mức chuẩn áp dụng cho tháng này: chưa chi, cần nhập mức chuẩn.")
        + (f" ({who})" if who else ""),
        "no_count": _("Quy tắc nhân theo số con hoặc số năm thâm niên nhưng hồ sơ “%(who)s” chưa ghi số đó: "
                      "chưa chi.") % {"who": who},
        "no_study_date": _("Hồ sơ “%(who)s” chỉ hưởng khi đang đi học nhưng chưa ghi ngày kết thúc học: chưa chi.")
        % {"who": who},
        "age_out": _("Hồ sơ “%(who)s” không còn trong độ tuổi hưởng của nhóm (tính từ tháng sau tháng đủ tuổi).")
        % {"who": who},
        "study_ended": _("Hồ sơ “%(who)s”: đã kết thúc học, thôi hưởng từ tháng sau tháng kết thúc.") % {"who": who},
        "not_eligible": _("Không (còn) đủ điều kiện hưởng trong tháng này theo quy định đang áp dụng (tuổi, lương "
                          "hưu, hộ nghèo/cận nghèo): không chi; xem xét thôi hưởng."),
        "paid_by_other": _("Đã hưởng chính sách khác cùng nhóm có mức cao hơn trong tháng (chỉ hưởng một mức cao "
                           "nhất): chính sách này không chi."),
        "other_problem": _("Chính sách khác cùng nhóm của người này chưa xác định được mức: chưa biết mức nào cao "
                           "hơn, chưa chi."),
        "children_not_linked": _("Hồ sơ “%(who)s” tính theo số con đã ghi, chưa gắn từng con: số con không tự giảm "
                                 "khi con đủ 16 tuổi (hoặc 22 tuổi khi đang học). Gắn các con vào hồ sơ.")
        % {"who": who},
        "no_child_counts": _("Hồ sơ “%(who)s”: không còn con nào dưới 16 tuổi (hoặc dưới 22 tuổi đang học) trong "
                             "tháng này.") % {"who": who},
        "one_off_only": _("Diện “%(who)s” chỉ hưởng trợ cấp một lần, không có trợ cấp hằng tháng.") % {"who": who},
        "in_facility": _("Đang được nuôi dưỡng tại cơ sở trợ giúp xã hội: không chi trợ cấp tại cộng đồng "
                         "(từ tháng sau tháng vào cơ sở đến tháng ra khỏi cơ sở)."),
    }.get(code, code)


def amounts_for(enrollment_ids, period, *, as_if_approved: bool = False) -> dict[int, Amount]:
    """Return {enrollment id: Amount} for the month, in one query; enrollments outside their months are omitted.

    ``as_if_approved``: a proposal (submitted) counts as if it were approved, so that whoever decides sees what it
    would pay before approving it. Payments never use it: only PAYABLE enrollments are paid.
    """
    day = month_start(period)
    ids = list(enrollment_ids)
    if not ids:
        return {}
    counted = [*PAYABLE, CaseStatus.SUBMITTED.value] if as_if_approved else PAYABLE
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"ids": ids, "day": day, "counted": counted})
        fetched = cursor.fetchall()
    described = describe(issue for *_rest, issues in fetched for issue in issues)
    result = {}
    for eid, total, rules, issues in fetched:
        found = [described[tuple(issue)] for issue in issues]
        problems = tuple(i for (severity, *_r), i in zip(issues, found, strict=True) if severity == "problem")
        notes = tuple(i for (severity, *_r), i in zip(issues, found, strict=True) if severity == "note")
        result[eid] = Amount(0 if problems else int(total), tuple(rules), problems, notes, int(total))
    return result


def amount_for(enrollment, period) -> int:
    """Return what ``enrollment`` pays for the month, in whole đồng (0 while the month has a problem)."""
    return amounts_for([enrollment.pk], period).get(enrollment.pk, ZERO).amount


def explain(enrollment, period) -> Amount:
    return amounts_for([enrollment.pk], period).get(enrollment.pk, ZERO)


