"""Benchmark: import a 100,000-row households + persons file; parse, validate and insert timed separately."""

import datetime
import io
import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from accounts.models import Role, User
from areas.models import Area
from areas.services import areas_load
from beneficiaries.imports import PERSON_COLUMNS, HouseholdPersonImport
from beneficiaries.management.commands.bench_search import GIVEN, MIDDLE, SURNAMES
from common.audit import acting_as
from common.bench import rolled_back
from common.importing import parse, read_cells

BANKS = ["VBA", "BIDV", "VCB", "CTG"]


def build_file(rows: int, communes: list[str], seed: int) -> bytes:
    """Households of 1–5 members (a head first), valid ID numbers, a third paid by bank."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append([c.title for c in PERSON_COLUMNS])
    keys = [c.key for c in PERSON_COLUMNS]
    i = household = 0
    while i < rows:
        household += 1
        commune = communes[household % len(communes)]
        size = min(rng.randint(1, 5), rows - i)
        for member in range(size):
            born = datetime.date(1930, 1, 1) + datetime.timedelta(days=(i * 7919) % 32000)
            male = i % 2 == 0
            name = (f"{SURNAMES[i % 20]} {MIDDLE[(i // 20) % 12]} {GIVEN[(i // 240) % 40]} "
                    f"{GIVEN[(i // 9600) % 40]}")
            century = 2 * ((born.year - 1900) // 100) + (0 if male else 1)
            bank = i % 3 == 0
            values = {
                "household": f"HB{household:07d}", "address": f"Thôn {household % 50 + 1}" if member == 0 else "",
                "commune": commune, "full_name": name, "date_of_birth": born, "sex": "Nam" if male else "Nữ",
                "relation_to_head": "Chủ hộ" if member == 0 else rng.choice(["Vợ/chồng", "Con", "Cháu", "Cha/mẹ"]),
                "national_id": f"027{century}{born.year % 100:02d}{i:06d}", "ethnicity": "Kinh",
                "phone": f"09{i:08d}", "payment_channel": "Tài khoản ngân hàng" if bank else "",
                "bank_code": rng.choice(BANKS) if bank else "", "account_number": f"{i:012d}" if bank else "",
                "account_holder": name.upper() if bank else "",
            }
            sheet.append([values.get(k, "") for k in keys])
            i += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Đo thời gian nhập tệp hộ + người (đọc, kiểm tra, ghi tách riêng); không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="at most 999,999")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, rows, seed, **options):
        if not Area.objects.filter(code="24").exists():
            areas_load(province_code="24")
        communes = list(Area.objects.filter(parent__code="24", is_active=True).values_list("code", flat=True))
        cached = Path(settings.BASE_DIR) / "var" / "bench" / f"import_{rows}_{seed}.xlsx"
        started = time.perf_counter()
        if cached.exists():  # building the file takes longer than importing it
            content = cached.read_bytes()
        else:
            content = build_file(min(rows, 999_999), communes, seed)
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(content)
        self.stdout.write(f"Tệp {rows:,} dòng, {len(content) / 2**20:.1f} MiB ({cached}), có sau "
                          f"{time.perf_counter() - started:.1f} s (không tính)")
        with rolled_back(self.stdout):
            self._run(content)

    def _run(self, content):
        user = User.objects.create(username="bench-import", role=Role.SO_SPECIALIST,
                                   area=Area.objects.get(code="24"))
        spec = HouseholdPersonImport()
        timings = {}

        started = time.perf_counter()
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
        timings["bare"] = time.perf_counter() - started
        del sheet

        started = time.perf_counter()
        table = parse(spec, read_cells("bench.xlsx", content))
        timings["parse"] = time.perf_counter() - started

        errors = list(table.errors)
        started = time.perf_counter()
        spec.check(table.rows, by=user, errors=errors)  # the preview: validation only, nothing written
        timings["validate"] = time.perf_counter() - started
        if errors:
            self.stdout.write(f"{len(errors)} lỗi, ví dụ: {errors[:3]}")
            return

        started = time.perf_counter()
        with transaction.atomic(), acting_as(user, source="import", job=0):
            written = spec.import_rows(table.rows, by=user, errors=errors, submit=False)
        timings["import"] = time.perf_counter() - started
        started = time.perf_counter()
        spec.after_import(len(table.rows))
        timings["analyze"] = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM beneficiaries_personevent")
            (events,) = cursor.fetchone()

        total = timings["parse"] + timings["import"] + timings["analyze"]
        insert = timings["import"] - timings["validate"]
        self.stdout.write(f"Ghi: {written['households_new']:,} hộ, {written['persons']:,} người; "
                          f"{events:,} dòng lịch sử (audit)")
        rows = [
            ("đọc tệp (calamine, chưa chuyển đổi) ← mốc", timings["bare"]),
            ("1. đọc + chuyển đổi ô", timings["parse"]),
            ("2. kiểm tra (bước xem trước, không ghi)", timings["validate"]),
            ("   nhập = kiểm tra lại + ghi song song", timings["import"]),
            ("3. phần ghi thêm vào (nhập − kiểm tra)", insert),
            ("   ANALYZE sau khi nhập", timings["analyze"]),
            ("tổng một lần nhập (1 + nhập + ANALYZE)", total),
        ]
        for label, seconds in rows:
            self.stdout.write(f"  {label:<45} {seconds:6.2f} s")
        self.stdout.write(f"  = {total / timings['bare']:.2f}× thời gian đọc tệp; cả hai bước người dùng chạy "
                          f"(xem trước + xác nhận): {total + timings['parse'] + timings['validate']:.2f} s")
