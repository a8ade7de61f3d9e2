"""``manage.py bench_indicators``: what the indicators cost on a province, through the API's own path.

On generate_synthetic's province (``--province 24``, with its months of paid history) or on persons made for
the run (``--persons``); either way nothing is kept. See docs/performance.md.
"""

import datetime
import time

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import Role, User
from accounts.scoping import within
from areas.models import Area
from beneficiaries.models import Person
from common.bench import percentile_ms, rolled_back, synthetic_province
from indicators.models import Indicator
from indicators.selectors import by_commune, live_figures_with_communes, parts_of
from indicators.services import snapshot_indicators
from payments.models import Payment

# The floor: the same two figures per commune (protection_monthly, insured_beneficiaries) written by hand
# for this synthetic data only (no as-of history, no suspensions, no generality), with the same hashed
# IN-sets the selectors use — the fastest plain SQL found for it.
RAW_SQL = """
SELECT a.code,
       count(*) FILTER (WHERE pe.id IN (SELECT person_id FROM beneficiaries_protectionprofile WHERE status = 'approved')
                          AND pe.id IN (SELECT en.person_id FROM programs_enrollment en
                                        JOIN programs_program pr ON pr.id = en.program_id
                                        WHERE en.status = 'approved' AND pr.code = 'TCXH_HANG_THANG')),
       count(*) FILTER (WHERE pe.id IN (SELECT person_id FROM beneficiaries_protectionprofile
                                        WHERE status = 'approved')),
       count(*) FILTER (WHERE pe.health_insurance_valid_to >= %(day)s),
       count(*)
FROM beneficiaries_person pe JOIN areas_area a ON a.id = pe.area_id
WHERE a.path LIKE %(path)s AND pe.date_of_death IS NULL
  AND (pe.id IN (SELECT person_id FROM beneficiaries_protectionprofile WHERE status = 'approved')
       OR pe.id IN (SELECT person_id FROM beneficiaries_meritprofile WHERE status = 'approved'))
GROUP BY a.code
"""


class Command(BaseCommand):
    help = ("Đo thời gian các chỉ tiêu của tỉnh và mọi xã: làm mới số liệu lưu (tính từ hồ sơ), rồi GET "
            "/api/v1/indicators/ như người dùng gọi (số liệu lưu và tính trực tiếp), so với SQL viết tay.")

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1_000_000, help="synthetic persons made for the run")
        parser.add_argument("--province", help="use generate_synthetic's province CODE (with its paid history) "
                                               "instead of making persons")
        parser.add_argument("--requests", type=int, default=20, help="API requests per line")
        parser.add_argument("--explain", help="print the plan of one indicator's numerator, e.g. protection_monthly")

    def handle(self, *args, persons, province=None, requests, explain=None, **options):
        self.explain, self.requests = explain, requests
        with rolled_back(self.stdout):
            if province:
                area = Area.objects.get(code=province)
                self.stdout.write(f"Tỉnh {area.name}: {Person.objects.filter(within(area)).count():,} người, "
                                  f"{Payment.objects.filter(within(area, 'person__area')).count():,} dòng chi trả")
            else:
                area = self._make(persons)
            self._run(area)

    def _make(self, n):
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
        return province

    def _run(self, province):
        day = timezone.localdate()
        indicators = list(Indicator.objects.filter(kind=Indicator.Kind.COMPUTED))
        communes = list(Area.objects.filter(parent=province, level="commune").order_by("code"))
        if self.explain:
            query = parts_of(self.explain, province, day).numerator.order_by().values("area__code")\
                .annotate(n=Count("pk", distinct=True))
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params)
                self.stdout.write("\n".join(r[0] for r in cursor.fetchall()))

        started = time.perf_counter()
        live_figures_with_communes(province, day, indicators)
        self.stdout.write(f"Mọi chỉ tiêu ({len(indicators)}) cho tỉnh và {len(communes)} xã, tính từ hồ sơ: "
                          f"{time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        stored = snapshot_indicators(as_of=day, province_code=province.code)
        self.stdout.write(f"Làm mới số liệu lưu (snapshot_indicators, {stored:,} số liệu): "
                          f"{time.perf_counter() - started:.2f} s")

        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.create(username="bench-ind-viewer", role=Role.SO_SPECIALIST, area=province))
        largest = max(communes, key=lambda c: Person.objects.filter(area=c).count())
        self.stdout.write(f"GET /api/v1/indicators/?area= (trong tiến trình, {self.requests} lần):")
        for label, code in (("tỉnh", province.code), (f"xã lớn nhất ({largest.code})", largest.code)):
            for source, minutes in (("số liệu lưu", settings.INDICATORS_STALE_AFTER_MINUTES), ("tính trực tiếp", 0)):
                with override_settings(INDICATORS_STALE_AFTER_MINUTES=minutes):
                    n = self.requests if minutes else max(3, self.requests // 5)
                    timings = [_timed(client, f"/api/v1/indicators/?area={code}") for _ in range(n)]
                self.stdout.write(f"  {label:<24} {source:<15} p50 {percentile_ms(timings, 50):8.1f} ms   "
                                  f"p95 {percentile_ms(timings, 95):8.1f} ms")

        self.stdout.write(f"Trang (trong tiến trình, {self.requests} lần; số liệu lưu):")
        pages = {"tổng quan của tỉnh": f"/?area={province.code}",
                 f"tổng quan của xã {largest.code}": f"/?area={largest.code}",
                 "hồ sơ sau tử số protection_monthly, tỉnh":
                     f"/chi-tieu/protection_monthly/ho-so/?area={province.code}",
                 "hồ sơ sau mẫu số insured_beneficiaries, tỉnh":
                     f"/chi-tieu/insured_beneficiaries/ho-so/?area={province.code}&part=denominator",
                 "báo cáo PDF của tỉnh": f"/chi-tieu/bao-cao.pdf?area={province.code}",
                 "báo cáo Excel của tỉnh": f"/chi-tieu/bao-cao.xlsx?area={province.code}"}
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {  # no collectstatic needed
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
            for label, path in pages.items():
                timings = [_timed(client, path) for _ in range(self.requests)]
                self.stdout.write(f"  {label:<45} p50 {percentile_ms(timings, 50):8.1f} ms   "
                                  f"p95 {percentile_ms(timings, 95):8.1f} ms")

        started = time.perf_counter()
        two = {c.code: c for c in indicators if c.code in ("protection_monthly", "insured_beneficiaries")}
        with override_settings(INDICATORS_STALE_AFTER_MINUTES=0):  # the live computation, against the floor
            focus = {code: by_commune(ind, province, day) for code, ind in two.items()}
        ours_two = time.perf_counter() - started
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, {"day": day, "path": province.path + "%"})
            raw = {code: counts for code, *counts in cursor.fetchall()}
        raw_s = time.perf_counter() - started
        same = ({r["area"]: (r["numerator"], r["denominator"]) for r in focus["protection_monthly"]}
                == {code: (v[0], v[1]) for code, v in raw.items() if v[1]}
                and {r["area"]: (r["numerator"], r["denominator"]) for r in focus["insured_beneficiaries"]}
                == {code: (v[2], v[3]) for code, v in raw.items() if v[3]})
        self.stdout.write(f"2 chỉ tiêu theo xã, tính từ hồ sơ — của hệ thống: {ours_two:.2f} s; SQL viết tay: "
                          f"{raw_s:.2f} s (kết quả {'giống hệt' if same else 'KHÁC'}); tỷ lệ {ours_two / raw_s:.2f}×")


def _timed(client, path) -> float:
    started = time.perf_counter()
    response = client.get(path, secure=True)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}")
    return elapsed
