import random
import statistics
import time
import unicodedata

import pgtrigger
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import TextField, Value

from accounts.models import Role, User
from areas.models import Area
from areas.services import areas_load
from beneficiaries.models import search_key
from beneficiaries.selectors import person_list, person_search
from common.bench import rolled_back

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
            "Phan", "Võ", "Huỳnh", "Trương", "Đinh", "Lương", "Tạ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thu", "Minh", "Quang", "Thanh", "Xuân", "Hoàng", "Kim"]
GIVEN = ["An", "Ánh", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Nhung", "Phúc", "Phương", "Quân", "Sơn", "Thảo", "Thắng",
         "Trang", "Tuấn", "Tùng", "Yến", "Đạt", "Ước", "Ỷ", "Ngọ", "Khuê", "Toàn", "Vinh", "Việt", "Xoan", "Ý"]


class Command(BaseCommand):
    help = "Đo tốc độ tìm kiếm đối tượng (không dấu, theo tên và số CCCD) trên N người tổng hợp; không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1_000_000, help="at most 1,000,000")
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, persons, queries, seed, **options):
        persons = min(persons, 1_000_000)  # the synthetic ID numbers are unique up to a million
        if not Area.objects.filter(code="24").exists():
            areas_load(province_code="24")
        with rolled_back(self.stdout):
            self._run(persons, queries, random.Random(seed))

    def _run(self, n, queries, rng):
        user = User.objects.create(username="bench-search", role=Role.SO_SPECIALIST, area=Area.objects.get(code="24"))
        communes = list(Area.objects.get(code="24").children.values_list("id", flat=True))
        started = time.perf_counter()
        with pgtrigger.ignore("beneficiaries.Person:insert_insert"), connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO beneficiaries_person
                  (full_name, date_of_birth, birth_year_only, sex, national_id, old_id_number,
                   social_insurance_number, ethnicity, area_id, relation_to_head, payment_channel, bank_code,
                   account_number, account_holder, health_insurance_number, phone, created_by_id, created_at,
                   updated_at)
                SELECT s.a[1 + i %% 20] || ' ' || m.a[1 + (i / 20) %% 12] || ' ' || g.a[1 + (i / 240) %% 40]
                       || ' ' || g.a[1 + (i / 9600) %% 40],
                       date '1930-01-01' + ((i * 7919) %% 32000)::int, false,
                       CASE WHEN i %% 2 = 0 THEN 'male' ELSE 'female' END,
                       '0' || lpad(((i %% 96) + 1)::text, 2, '0') || (i %% 2)::text
                         || lpad(((i * 7919) %% 100)::text, 2, '0') || lpad((i %% 1000000)::text, 6, '0'),
                       '', '', 'Kinh', c.ids[1 + i %% array_length(c.ids, 1)], '', 'cash', '', '', '', '', '', %s,
                       now(), now()
                FROM generate_series(1::bigint, %s) AS i,
                     (SELECT %s::text[] AS a) s, (SELECT %s::text[] AS a) m, (SELECT %s::text[] AS a) g,
                     (SELECT %s::bigint[] AS ids) c
                """,
                [user.id, n, SURNAMES, MIDDLE, GIVEN, communes],
            )
            cursor.execute("ANALYZE beneficiaries_person, beneficiaries_personname")
            cursor.execute("SELECT count(*) FROM beneficiaries_personname")
            (distinct,) = cursor.fetchone()
        self.stdout.write(f"{n:,} người tổng hợp ({distinct:,} họ tên khác nhau): chèn + chỉ mục + ANALYZE "
                          f"{time.perf_counter() - started:.1f} s")

        base = person_list(user=user)
        cases = {
            "họ tên đầy đủ, không dấu": lambda: _plain(f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} "
                                                      f"{rng.choice(GIVEN)}"),
            "một phần tên, có dấu": lambda: f"{rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "đầu số CCCD (8 số)": lambda: f"0{rng.randint(1, 96):02d}{rng.randint(0, 1)}{rng.randint(0, 99):02d}0",
        }
        # the same name searches straight on the persons' trigram index, as before PersonName (the comparison)
        direct = {f"{label} — trực tiếp trên bảng người": make for label, make in cases.items() if "CCCD" not in label}
        for label, make in {**cases, **direct}.items():
            search = _direct_search if "trực tiếp" in label else person_search
            rng.seed(len(label.split(" — ")[0]))  # the same queries for both forms
            timings, hits = [], []
            for _ in range(queries):
                q = make()
                t = time.perf_counter()
                page = list(search(base, q).order_by("full_name", "id")[:50])
                timings.append((time.perf_counter() - t) * 1000)
                hits.append(len(page))
            timings.sort()
            self.stdout.write(
                f"{label}: {queries} truy vấn, trang 50 dòng: p50 {statistics.median(timings):.1f} ms, "
                f"p95 {timings[int(queries * 0.95) - 1]:.1f} ms, max {timings[-1]:.1f} ms "
                f"(trung bình {statistics.mean(hits):.0f} dòng/trang)")


def _direct_search(queryset, q):
    needle = search_key(Value(q.strip(), output_field=TextField()))
    return queryset.alias(key=search_key("full_name")).filter(key__contains=needle)


def _plain(text):
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()
