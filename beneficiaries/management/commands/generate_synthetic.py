"""Fill a province with N synthetic persons and their records, for load tests and benchmarks.

Everything is INSERT … SELECT over generate_series, with pseudo-random choices taken from
``hashtextextended(i, seed)``: the same seed gives the same data. Audit triggers are off for
these inserts (synthetic records need no history). Paid history goes through the real batch
generation and approval services for the first month, the bank's "paid" answers written as a
reconciliation would; the later months are copies of it made set-based (``--months 12`` costs about
what one month does).
"""

import datetime
import re
import time

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from areas.models import Area
from areas.services import areas_load
from beneficiaries.management.commands.bench_search import GIVEN, MIDDLE, SURNAMES
from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.authority import commune_paid, decision_rule
from programs.models import Enrollment, Program

TRIGGERS = ("beneficiaries.Person:insert_insert", "beneficiaries.Household:insert_insert",
            "beneficiaries.Household:update_update", "beneficiaries.ProtectionProfile:insert_insert",
            "beneficiaries.MeritProfile:insert_insert", "beneficiaries.PovertyReview:insert_insert",
            "programs.Enrollment:insert_insert")
PAYMENT_TRIGGERS = ("payments.PaymentBatch:insert_insert", "payments.Payment:insert_insert")
# The months after the first, copied from its reconciled batches: same people, amounts and channels, each
# month paid on its 10th. Set-based (one statement), so 12 months cost little more than one.
COPY_MONTHS_SQL = """
WITH later AS (
    INSERT INTO payments_paymentbatch (created_at, updated_at, period, status, status_reason, generated_at,
        approved_at, exported_at, line_count, total_amount, cashless_amount, cash_amount, paid_amount,
        failed_amount, summary, approved_by_id, area_id, generated_by_id, program_id, problem_count)
    SELECT b.created_at, b.updated_at, (b.period + k * interval '1 month')::date, b.status, b.status_reason,
           b.generated_at, b.approved_at, b.exported_at, b.line_count, b.total_amount, b.cashless_amount,
           b.cash_amount, b.paid_amount, b.failed_amount, b.summary, b.approved_by_id, b.area_id,
           b.generated_by_id, b.program_id, b.problem_count
    FROM payments_paymentbatch b, generate_series(1, %(later)s) AS k
    WHERE b.id = ANY(%(first)s)
    RETURNING id, program_id, area_id, period
)
INSERT INTO payments_payment (id, batch_id, enrollment_id, person_id, period, kind, amount, rule_ids, reference,
    channel, bank_code, account_number, account_holder, full_name, national_id, status, bank_transaction_id,
    failure_reason, paid_at, created_at)
SELECT n.id, n.batch_id, n.enrollment_id, n.person_id, n.period, n.kind, n.amount, n.rule_ids,
       'CT' || to_char(n.period, 'YYMM') || lpad(n.id::text, 10, '0'), n.channel, n.bank_code, n.account_number,
       n.account_holder, n.full_name, n.national_id, n.status, 'FT' || n.id, '', n.period + interval '9 days',
       n.created_at
FROM (SELECT nextval(pg_get_serial_sequence('payments_payment', 'id')) AS id, l.id AS batch_id, l.period,
             p.enrollment_id, p.person_id, p.kind, p.amount, p.rule_ids, p.channel, p.bank_code, p.account_number,
             p.account_holder, p.full_name, p.national_id, p.status, p.created_at
      FROM payments_payment p
      JOIN payments_paymentbatch b ON b.id = p.batch_id
      JOIN later l ON l.program_id = b.program_id AND l.area_id = b.area_id
      WHERE p.batch_id = ANY(%(first)s)) n
"""
# Profile statuses by share (per cent): most approved, some in every other state.
STATUS_CASE = """CASE WHEN {h} < 80 THEN 'approved' WHEN {h} < 86 THEN 'submitted' WHEN {h} < 90 THEN 'draft'
                 WHEN {h} < 93 THEN 'returned' WHEN {h} < 96 THEN 'rejected' WHEN {h} < 98 THEN 'suspended'
                 ELSE 'ended' END"""


class Command(BaseCommand):
    help = "Sinh dữ liệu tổng hợp cho một tỉnh: hộ, người, hồ sơ mọi trạng thái, rà soát, chế độ, lịch sử chi trả."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1_000_000, help="at most 9,999,999")
        parser.add_argument("--province", default="24")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--months", type=int, default=6, help="months of paid history, ending last month")
        parser.add_argument("--force", action="store_true", help="run although DEBUG is off (never in production)")

    def handle(self, *args, persons, province, seed, months, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError("Chỉ chạy khi DJANGO_DEBUG=true (hoặc --force trên cơ sở dữ liệu thử nghiệm).")
        if not Area.objects.filter(code=province).exists():
            areas_load(province_code=province)
        if User.objects.filter(username=f"synthetic.{province}").exists():
            raise CommandError("Tỉnh này đã có dữ liệu tổng hợp: dùng một cơ sở dữ liệu mới (make clean-db).")
        self.seed, self.started = seed, time.perf_counter()
        self.province = Area.objects.get(code=province)
        communes = list(Area.objects.filter(parent=self.province, is_active=True).order_by("code")
                        .values_list("id", flat=True))
        with transaction.atomic(), pgtrigger.ignore(*TRIGGERS), connection.cursor() as cursor:
            self.maker = User.objects.create(username=f"synthetic.{province}", role=Role.SO_SPECIALIST,
                                             area=self.province, full_name="Dữ liệu tổng hợp", agency="noi_vu")
            self.leader = User.objects.create(username=f"synthetic.{province}.lanhdao", role=Role.SO_LEADER,
                                              area=self.province, full_name="Dữ liệu tổng hợp (duyệt)",
                                              agency="noi_vu")
            # Each commune's officer and chairman: social assistance is paid commune by commune since 2025.
            self.commune_staff = {c.pk: tuple(User.objects.bulk_create([
                User(username=f"synthetic.{c.code}.{suffix}", role=role, area=c, full_name=f"Dữ liệu tổng hợp {c}")
                for suffix, role in (("canbo", Role.COMMUNE_OFFICER), ("chutich", Role.COMMUNE_LEADER))]))
                for c in Area.objects.filter(pk__in=communes)}
            self.cursor = cursor
            self._households(persons, communes)
            self._persons(persons)
            self._profiles()
            self._reviews()
            self._enrollments(months)
            cursor.execute("ANALYZE")
        self._paid_history(months)
        self._say("xong")

    # ------------------------------------------------------------------------------------------------
    def _say(self, what: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - self.started:6.1f} s] {what}")

    def _sql(self, sql: str, params: dict) -> int:
        named = {"seed": self.seed, "maker": self.maker.pk, "leader": self.leader.pk, "now": timezone.now(), **params}
        values = []

        def positional(match):  # pgtrigger.ignore() accepts positional parameters only
            values.append(named[match.group(1)])
            return "%s"

        self.cursor.execute(re.sub(r"%\((\w+)\)s", positional, sql), values)
        return self.cursor.rowcount

    def _households(self, persons, communes):
        n = self._sql("""
            INSERT INTO beneficiaries_household (code, area_id, address, created_by_id, created_at, updated_at)
            SELECT 'S' || %(province)s || lpad(i::text, 7, '0'),
                   (%(communes)s::bigint[])[1 + abs(hashtextextended('hh' || i, %(seed)s)) %% %(n_communes)s],
                   'Thôn ' || (1 + abs(hashtextextended('th' || i, %(seed)s)) %% 30), %(maker)s, %(now)s, %(now)s
            FROM generate_series(0, %(households)s - 1) AS i
        """, {"province": self.province.code, "communes": communes, "n_communes": len(communes),
              "households": (persons + 2) // 3})
        self._say(f"{n:,} hộ")

    def _persons(self, persons):
        # Three members a household (head, spouse, child); ID numbers unique by the person's index.
        n = self._sql("""
            INSERT INTO beneficiaries_person (full_name, date_of_birth, birth_year_only, sex, national_id,
                old_id_number, social_insurance_number, ethnicity, area_id, household_id, relation_to_head,
                payment_channel, bank_code, account_number, account_holder, health_insurance_number,
                health_insurance_valid_to, phone, created_by_id, created_at, updated_at)
            SELECT p0.name, p0.born, false, p0.sex,
                   CASE WHEN EXISTS (SELECT 1 FROM beneficiaries_person o WHERE o.national_id = candidate) THEN ''
                        ELSE candidate END,  -- never one already registered (demo records)
                   '', '', CASE WHEN r %% 20 = 0 THEN 'Tày' ELSE 'Kinh' END, h.area_id, h.id,
                   CASE i %% 3 WHEN 0 THEN 'head' WHEN 1 THEN 'spouse' ELSE 'child' END,
                   channel, CASE WHEN channel = 'cash' THEN '' ELSE 'VBA' END,
                   CASE WHEN channel = 'cash' THEN '' ELSE lpad(i::text, 12, '0') END,
                   CASE WHEN channel = 'cash' THEN '' ELSE upper(unaccent(name)) END,
                   '', CASE WHEN r %% 10 < 8 THEN date '2026-12-31' ELSE date '2025-12-31' END,
                   '09' || lpad(i::text, 8, '0'), %(maker)s, %(now)s, %(now)s
            FROM (
                SELECT i, r,
                       (%(surnames)s::text[])[1 + r %% 20] || ' ' || (%(middle)s::text[])[1 + (r / 20) %% 12]
                           || ' ' || (%(given)s::text[])[1 + (r / 240) %% 40] AS name,
                       CASE WHEN i %% 3 = 2 THEN date '1975-01-01' + (r %% 15000)::int
                            ELSE date '1925-01-01' + (r %% 25000)::int END AS born,
                       CASE WHEN (i %% 3 = 1) <> (r %% 7 = 0) THEN 'female' ELSE 'male' END AS sex,
                       CASE WHEN r %% 10 < 6 THEN 'bank' WHEN r %% 10 < 7 THEN 'ewallet' ELSE 'cash' END AS channel
                FROM (SELECT i, abs(hashtextextended('p' || i, %(seed)s)) AS r
                      FROM generate_series(0, %(persons)s - 1) AS i) s
            ) p0
            CROSS JOIN LATERAL (SELECT
                '0' || lpad((1 + abs(hashtextextended('pv' || i, %(seed)s)) %% 96)::text, 2, '0')
                    || (2 * ((extract(year FROM born)::int - 1900) / 100) + (sex = 'female')::int)::text
                    || lpad((extract(year FROM born)::int %% 100)::text, 2, '0') || lpad((i %% 1000000)::text, 6, '0')
                AS candidate) p
            JOIN beneficiaries_household h ON h.code = 'S' || %(province)s || lpad((i / 3)::text, 7, '0')
        """, {"persons": persons, "province": self.province.code, "surnames": SURNAMES, "middle": MIDDLE,
              "given": GIVEN})
        self._sql("ANALYZE beneficiaries_person, beneficiaries_household", {})
        self._sql("""
            UPDATE beneficiaries_household h SET head_id = p.id
            FROM beneficiaries_person p
            WHERE p.household_id = h.id AND p.relation_to_head = 'head' AND p.created_by_id = %(maker)s
        """, {})
        self._say(f"{n:,} người")

    def _profiles(self):
        common = """, CASE WHEN status IN ('submitted', 'approved', 'rejected', 'returned', 'suspended', 'ended')
                           THEN %(maker)s END,
                      CASE WHEN status IN ('submitted', 'approved', 'rejected', 'returned', 'suspended', 'ended')
                           THEN %(now)s END,
                      CASE WHEN status IN ('approved', 'suspended', 'ended', 'rejected') THEN %(leader)s END,
                      CASE WHEN status IN ('approved', 'suspended', 'ended', 'rejected') THEN %(now)s END,
                      CASE WHEN status IN ('returned', 'rejected', 'suspended', 'ended') THEN 'Dữ liệu tổng hợp'
                           ELSE '' END, %(maker)s, '', %(now)s, %(now)s"""
        columns = ("status, submitted_by_id, submitted_at, approved_by_id, approved_at, status_reason, "
                   "created_by_id, decision_no, created_at, updated_at")
        # Social protection: everyone from 80, and one in fifteen of the others (severe disability).
        protection = self._sql(f"""
            INSERT INTO beneficiaries_protectionprofile (person_id, group_code, wants_facility_care,
                living_arrangement, {columns})
            SELECT id, CASE WHEN date_of_birth <= date '1946-10-01' THEN 'NCT_80' ELSE 'NKT_NANG' END,
                   h %% 50 = 0, 'with_family', status {common}
            FROM (SELECT id, date_of_birth, h, {STATUS_CASE.format(h="h %% 100")} AS status
                  FROM (SELECT id, date_of_birth,
                               -- by the person's data, not the id: the same profiles whatever ids are free
                               abs(hashtextextended('pp' || full_name || national_id || date_of_birth, %(seed)s))
                               AS h
                        FROM beneficiaries_person WHERE created_by_id = %(maker)s) s
                  WHERE date_of_birth <= date '1946-10-01' OR h %% 15 = 0) p
        """, {})
        merit = self._sql(f"""
            INSERT INTO beneficiaries_meritprofile (person_id, category_code, injury_rate, recognition_decision_no,
                {columns})
            SELECT id, c.code, CASE WHEN c.code = 'THUONG_BINH' THEN 41 END, 'QĐ-TH/' || id,
                   status {common}
            FROM (SELECT id, h, {STATUS_CASE.format(h="(h / 7) %% 100")} AS status
                  FROM (SELECT id, abs(hashtextextended('mp' || id, %(seed)s)) AS h
                        FROM beneficiaries_person
                        WHERE created_by_id = %(maker)s AND date_of_birth <= date '1960-01-01') s
                  WHERE h %% 100 < 4) p
            JOIN (VALUES (0, 'THUONG_BINH'), (1, 'TIEN_KN'), (2, 'BM_VNAH'), (3, 'AH_LLVT')) AS c(k, code)
              ON c.k = p.h %% 4
        """, {})
        self._say(f"{protection:,} hồ sơ bảo trợ xã hội, {merit:,} hồ sơ người có công (mọi trạng thái)")

    def _reviews(self):
        n = self._sql("""
            INSERT INTO beneficiaries_povertyreview (household_id, year, standard_id, is_urban, income_per_capita,
                deprivation_count, classification, created_by_id, created_at, updated_at)
            SELECT h.id, 2025, (SELECT id FROM beneficiaries_povertystandard WHERE code = 'ND07_2021'), a.is_urban,
                   CASE WHEN k < 3 THEN 1200000 WHEN k < 7 THEN 1400000 WHEN k < 17 THEN 2200000 ELSE 4500000 END,
                   CASE WHEN k < 3 THEN 4 ELSE k %% 3 END,
                   CASE WHEN k < 3 THEN 'poor' WHEN k < 7 THEN 'near_poor' WHEN k < 17 THEN 'average'
                        ELSE 'other' END, %(maker)s, %(now)s, %(now)s
            FROM (SELECT id, area_id, abs(hashtextextended('rv' || id, %(seed)s)) %% 100 AS k
                  FROM beneficiaries_household WHERE created_by_id = %(maker)s) h
            JOIN areas_area a ON a.id = h.area_id
        """, {})
        self._say(f"{n:,} kết quả rà soát hộ nghèo 2025")

    def _enrollments(self, months):
        start = _months_back(timezone.localdate(), months)
        n = 0
        for table, program in (("beneficiaries_protectionprofile", "TCXH_HANG_THANG"),
                               ("beneficiaries_meritprofile", "UU_DAI_HANG_THANG")):
            n += self._sql(f"""
                INSERT INTO programs_enrollment (person_id, program_id, start_date, status, status_reason,
                    created_by_id, submitted_by_id, submitted_at, approved_by_id, approved_at, decision_no,
                    created_at, updated_at)
                SELECT DISTINCT ON (person_id) person_id, (SELECT id FROM programs_program WHERE code = %(program)s),
                       %(start)s, 'approved', '', %(maker)s, %(maker)s, %(now)s, %(leader)s, %(now)s, '',
                       %(now)s, %(now)s
                FROM {table} WHERE created_by_id = %(maker)s AND status = 'approved'
            """, {"program": program, "start": start})
        self._say(f"{n:,} quyết định hưởng trợ cấp hằng tháng từ {start:%m/%Y}")

    def _paid_history(self, months):
        """The first month through the real batch services, the later ones copied from it set-based."""
        if months < 1:
            return
        period = _months_back(timezone.localdate(), months)
        first = []
        for program in Program.objects.filter(code__in=["TCXH_HANG_THANG", "UU_DAI_HANG_THANG"]):
            rule = decision_rule("payment_batch", program)
            communes = Area.objects.filter(pk__in=Enrollment.objects.filter(program=program).values(
                "person__area")).order_by("code")
            if not communes:
                continue
            if commune_paid(rule, communes[0]):  # one batch per commune, by its own people
                batches = [self._pay(program, period, area, *self.commune_staff[area.pk]) for area in communes]
            else:
                batches = [self._pay(program, period, self.province, self.maker, self.leader)]
            first += [b.pk for b in batches]
            self._say(f"chi trả {program.code} {period:%m/%Y}: {len(batches)} bảng, "
                      f"{sum(b.line_count for b in batches):,} dòng đã chi")
        if months > 1:
            with transaction.atomic(), pgtrigger.ignore(*PAYMENT_TRIGGERS), connection.cursor() as self.cursor:
                lines = self._sql(COPY_MONTHS_SQL, {"first": first, "later": months - 1})
            self._say(f"{months - 1} tháng sau chép từ tháng đầu: {lines:,} dòng đã chi")

    def _pay(self, program, period, area, maker, checker):
        batch = payment_batch_generate(by=maker, program=program, period=period, area=area)
        batch = payment_batch_approve(by=checker, batch=batch)
        with transaction.atomic(), connection.cursor() as cursor:
            paid_on = period + datetime.timedelta(days=9)
            cursor.execute("""
                UPDATE payments_payment SET status = 'paid', paid_at = %s,
                       bank_transaction_id = 'FT' || id
                WHERE batch_id = %s
            """, [paid_on, batch.pk])
            cursor.execute("UPDATE payments_paymentbatch SET status = 'reconciled', exported_at = %s "
                           "WHERE id = %s", [timezone.now(), batch.pk])
        return batch


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)
