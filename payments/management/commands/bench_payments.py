import datetime
import resource
import time

import pgtrigger
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from common.bench import rolled_back, synthetic_province
from payments.models import PaymentBatch
from payments.services.batches import payment_batch_generate
from programs.models import DecisionRule, Program

PERIOD = datetime.date(2026, 10, 1)

# The floor: the same lines for this synthetic case (one NCT_80 profile each, one month due),
# written by hand for this data only — no arrears, retries, adjustments or general rule matching.
RAW_SQL = """
INSERT INTO payments_payment (batch_id, enrollment_id, person_id, period, kind, amount, rule_ids, reference,
                              channel, bank_code, account_number, account_holder, status, bank_transaction_id,
                              failure_reason, created_at)
SELECT %(batch)s, en.id, pe.id, %(period)s, 'regular', ROUND(r.coefficient * s.amount), ARRAY[r.id],
       'RAW' || en.id, pe.payment_channel, pe.bank_code, pe.account_number, pe.account_holder, 'pending', '', '', now()
FROM programs_enrollment en
JOIN beneficiaries_person pe ON pe.id = en.person_id
JOIN beneficiaries_protectionprofile pp ON pp.person_id = pe.id AND pp.status = 'approved'
JOIN programs_benefitrule r ON r.program_id = en.program_id AND r.protection_group_id = pp.group_code
JOIN programs_benefitstandard s ON s.code = 'TGXH' AND s.valid_from = (
    SELECT max(valid_from) FROM programs_benefitstandard WHERE code = 'TGXH' AND valid_from <= %(period)s)
JOIN areas_area a ON a.id = pe.area_id
WHERE en.program_id = %(program)s AND en.status = 'approved' AND a.path LIKE %(path)s
"""


class Command(BaseCommand):
    help = "Đo thời gian lập bảng chi trả cho N quyết định hưởng tổng hợp, so với một câu INSERT…SELECT viết tay."

    def add_arguments(self, parser):
        parser.add_argument("--enrollments", type=int, default=300_000)
        parser.add_argument("--explain", action="store_true", help="print the plan of the hand-written statement")

    def handle(self, *args, enrollments, explain=False, **options):
        self.explain = explain
        with rolled_back(self.stdout):
            self._run(enrollments)

    def _run(self, n):
        province = synthetic_province("99")
        program = Program.objects.get(code="TCXH_HANG_THANG")
        maker = User.objects.create(username="bench-maker", role=Role.SO_SPECIALIST, area=province, agency="y_te")
        # Since 2025 the communes pay this program, one batch per commune; the engine is the same statement for
        # a province-decided program (merit). To measure it at a province's scale, this rolled-back run gives the
        # batches of this program to the Sở Y tế from today.
        DecisionRule.objects.create(subject="payment_batch", program=program, level="province", agency="y_te",
                                    valid_from=timezone.localdate(), legal_basis="Đo hiệu năng (huỷ khi xong)")
        started = time.perf_counter()
        # The synthetic load skips the audit triggers; generation below runs with them, as in production.
        # (pgtrigger.ignore adds a positional parameter: these statements use positional ones too.)
        with pgtrigger.ignore("beneficiaries.Person:insert_insert", "beneficiaries.ProtectionProfile:insert_insert",
                              "programs.Enrollment:insert_insert"), connection.cursor() as cursor:
            communes = list(province.children.values_list("id", flat=True))
            cursor.execute("""
                INSERT INTO beneficiaries_person (full_name, date_of_birth, birth_year_only, sex, national_id,
                    old_id_number, social_insurance_number, ethnicity, area_id, relation_to_head, payment_channel,
                    bank_code, account_number, account_holder, health_insurance_number, phone, created_by_id,
                    created_at, updated_at)
                SELECT 'Người ' || i, date '1936-01-01' + (i %% 3000), false, 'male', '', '', '', 'Kinh',
                       c.ids[1 + i %% array_length(c.ids, 1)], '', 'bank', 'VBA', lpad(i::text, 12, '0'),
                       'NGUOI ' || i, '', '', %s, now(), now()
                FROM generate_series(1, %s) AS i, (SELECT %s::bigint[] AS ids) c""", [maker.id, n, communes])
            cursor.execute("""
                INSERT INTO beneficiaries_protectionprofile (person_id, group_code, wants_facility_care,
                    living_arrangement, status, status_reason, created_by_id, decision_no, created_at, updated_at)
                SELECT id, 'NCT_80', false, 'with_family', 'approved', '', %s, '', now(), now()
                FROM beneficiaries_person WHERE created_by_id = %s""", [maker.id, maker.id])
            cursor.execute("""
                INSERT INTO programs_enrollment (person_id, program_id, start_date, status, status_reason,
                    created_by_id, decision_no, created_at, updated_at)
                SELECT id, %s, %s, 'approved', '', %s, '', now(), now()
                FROM beneficiaries_person WHERE created_by_id = %s""", [program.id, PERIOD, maker.id, maker.id])
            cursor.execute("ANALYZE beneficiaries_person, beneficiaries_protectionprofile, programs_enrollment")
        self.stdout.write(f"{n:,} quyết định hưởng tổng hợp: {time.perf_counter() - started:.1f} s")

        # The hand-written statement runs first, on a clean table; the generation runs second, after its
        # lines were deleted (dead rows): the order that is least favourable to our code.
        scratch = PaymentBatch.objects.create(program=program, period=PERIOD, area=province, status="cancelled",
                                              generated_by=maker, generated_at=timezone.now())
        with connection.cursor() as cursor:
            params = {"batch": scratch.id, "period": PERIOD, "program": program.id, "path": province.path + "%"}
            if self.explain:
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + RAW_SQL, params)
                self.stdout.write("\n".join(r[0] for r in cursor.fetchall()))
                cursor.execute("DELETE FROM payments_payment WHERE batch_id = %s", [scratch.id])
            started = time.perf_counter()
            cursor.execute(RAW_SQL, params)
            raw_s = time.perf_counter() - started
            cursor.execute("SELECT count(*), sum(amount) FROM payments_payment WHERE batch_id = %s", [scratch.id])
            raw_lines, raw_total = cursor.fetchone()
            cursor.execute("DELETE FROM payments_payment WHERE batch_id = %s", [scratch.id])
        self.stdout.write(f"INSERT…SELECT viết tay: {raw_lines:,} dòng, {raw_s:.2f} s")

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        batch = payment_batch_generate(by=maker, program=program, period=PERIOD, area=province)
        generate_s = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        same = "giống hệt" if (raw_lines, raw_total) == (batch.line_count, batch.total_amount) else "KHÁC"
        self.stdout.write(f"payment_batch_generate: {batch.line_count:,} dòng ({same}), {batch.total_amount:,} đ, "
                          f"{generate_s:.2f} s; bộ nhớ tiến trình tối đa {rss_before / 1024:.0f} → "
                          f"{rss_after / 1024:.0f} MiB")
        self.stdout.write(f"Tỷ lệ: {generate_s / raw_s:.2f}× (mục tiêu ≤ 1,5×)")
