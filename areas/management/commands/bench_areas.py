import statistics
import time

from django.core.management.base import BaseCommand

from areas.models import Area
from areas.services import areas_load


class Command(BaseCommand):
    help = "Đo thời gian nạp danh mục đơn vị hành chính và truy vấn “đơn vị và mọi đơn vị bên dưới”."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50)

    def handle(self, *args, repeat, **options):
        started = time.perf_counter()
        result = areas_load()
        self.stdout.write(f"load_areas (whole country, {result.created + result.updated} units, "
                          f"{result.legacy_units} legacy, {result.legacy_links} links): "
                          f"{time.perf_counter() - started:.2f} s")

        provinces = list(Area.objects.provinces())
        timings = []
        for _ in range(repeat):
            for province in provinces:
                started = time.perf_counter()
                list(Area.objects.within(province).values_list("id", flat=True))
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        self.stdout.write(f"within(province) over {len(timings)} queries: "
                          f"p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")
