import datetime
import time

import pgtrigger
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from common.bench import rolled_back, synthetic_province
from indicators.models import Indicator
from indicators.selectors import by_commune, figures_with_communes, parts_of

AS_OF = datetime.date(2026, 10, 20)

# The floor: the same two figures per commune (protection_monthly, insured_beneficiaries) written by hand
# for this synthetic data only (no as-of history, no suspensions, no generality), with the same hashed
# IN-sets the selectors use — the fastest plain SQL found for it.
RAW_SQL = """
SELECT a.code,
       count(*) FILTER (WHERE pe.id IN (SELECT en.person_id FROM programs_enrollment en
                                        JOIN programs_program pr ON pr.id = en.program_id
                                        WHERE en.status = 'approved' AND pr.code = 'TCXH_HANG_THANG')),
       count(*),
       count(*) FILTER (WHERE pe.health_insurance_valid_to >= %(day)s)
FROM beneficiaries_person pe JOIN areas_area a ON a.id = pe.area_id
WHERE a.path LIKE %(path)s AND pe.date_of_death IS NULL
  AND pe.id IN (SELECT person_id FROM beneficiaries_protectionprofile WHERE status = 'approved')
GROUP BY a.code
"""


class Command(BaseCommand):
    help = "Đo thời gian tính mọi chỉ tiêu cho mọi xã của tỉnh trên N người tổng hợp, so với SQL viết tay."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1_000_000)
        parser.add_argument("--explain", help="print the plan of one indicator's numerator, e.g. protection_monthly")

    def handle(self, *args, persons, explain=None, **options):
        self.explain = explain
        with rolled_back(self.stdout):
            self._run(persons)

    def _run(self, n):
        province = synthetic_province("98")
        maker = User.objects.create(username="bench-ind", role=Role.SO_SPECIALIST, area=province)
        communes = list(province.children.values_list("id", flat=True))
        early = timezone.make_aware(datetime.datetime(2026, 1, 2))
        started = time.perf_counter()
        with pgtrigger.ignore("beneficiaries.Person:insert_insert", "beneficiaries.ProtectionProfile:insert_insert",
                              "programs.Enrollment:insert_insert"), connection.cursor() as cursor:
            cursor.execute("""
                INSERT INTO beneficiaries_person (full_name, date_of_birth, birth_year_only, sex, national_id,
                    old_id_number, social_insurance_number, ethnicity, area_id, relation_to_head, payment_channel,
                    bank_code, account_number, account_holder, health_insurance_number, health_insurance_valid_to,
                    phone, created_by_id, created_at, updated_at)
                SELECT 'Người ' || i, date '1940-01-01' + (i %% 3000), false, 'male', '', '', '', 'Kinh',
                       c.ids[1 + i %% array_length(c.ids, 1)], '', 'cash', '', '', '', '',
                       CASE WHEN i %% 3 = 0 THEN date '2025-12-31' ELSE date '2026-12-31' END, '', %s, %s, %s
                FROM generate_series(1, %s) AS i, (SELECT %s::bigint[] AS ids) c""",
                           [maker.id, early, early, n, communes])
            cursor.execute("""
                INSERT INTO beneficiaries_protectionprofile (person_id, group_code, wants_facility_care,
                    living_arrangement, status, status_reason, created_by_id, decision_no, approved_at, created_at,
                    updated_at)
                SELECT id, 'NCT_80', id %% 50 = 0, 'with_family', 'approved', '', %s, '', %s, %s, %s
                FROM beneficiaries_person WHERE created_by_id = %s AND id %% 5 = 0""",
                           [maker.id, early, early, early, maker.id])
            cursor.execute("""
                INSERT INTO programs_enrollment (person_id, program_id, start_date, status, status_reason,
                    created_by_id, decision_no, approved_at, created_at, updated_at)
                SELECT pp.person_id, (SELECT id FROM programs_program WHERE code = 'TCXH_HANG_THANG'), '2026-01-01',
                       'approved', '', %s, '', %s, %s, %s
                FROM beneficiaries_protectionprofile pp WHERE pp.created_by_id = %s AND pp.person_id %% 7 <> 0""",
                           [maker.id, early, early, early, maker.id])
            cursor.execute("ANALYZE areas_area, beneficiaries_person, beneficiaries_protectionprofile, "
                           "programs_enrollment")
        self.stdout.write(f"{n:,} người tổng hợp ở {len(communes)} xã: {time.perf_counter() - started:.1f} s")

        indicators = list(Indicator.objects.filter(kind=Indicator.Kind.COMPUTED))
        if self.explain:
            query = parts_of(self.explain, province, AS_OF).numerator.order_by().values("area__code")\
                .annotate(n=Count("pk", distinct=True))
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params)
                self.stdout.write("\n".join(r[0] for r in cursor.fetchall()))
        started = time.perf_counter()
        computed = figures_with_communes(province, AS_OF)
        ours = time.perf_counter() - started
        self.stdout.write(f"Mọi chỉ tiêu ({len(indicators)}) cho tỉnh và {len(communes)} xã: {ours:.2f} s")

        started = time.perf_counter()
        two = {c.code: c for c in indicators if c.code in ("protection_monthly", "insured_beneficiaries")}
        focus = {code: by_commune(ind, province, AS_OF) for code, ind in two.items()}
        ours_two = time.perf_counter() - started
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, {"day": AS_OF, "path": province.path + "%"})
            raw = {code: (paid, protected, insured) for code, paid, protected, insured in cursor.fetchall()}
        raw_s = time.perf_counter() - started
        same = ({r["area"]: (r["numerator"], r["denominator"]) for r in focus["protection_monthly"]}
                == {code: (v[0], v[1]) for code, v in raw.items() if v[1]}
                and {r["area"]: r["numerator"] for r in focus["insured_beneficiaries"]}
                == {code: v[2] for code, v in raw.items() if v[1]})
        self.stdout.write(f"2 chỉ tiêu theo xã — của hệ thống: {ours_two:.2f} s; SQL viết tay: {raw_s:.2f} s "
                          f"(kết quả {'giống hệt' if same else 'KHÁC'}); tỷ lệ {ours_two / raw_s:.2f}× (mục tiêu ≤ 2×)")
        del computed
