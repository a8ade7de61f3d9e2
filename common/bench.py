"""Scaffolding shared by the benchmark commands: a synthetic province, and a run that leaves nothing behind."""

import contextlib
import statistics

from django.db import transaction

from areas.models import Area


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back(stdout):
    """Run the block in a transaction that is rolled back at the end: a benchmark saves nothing."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        stdout.write("Đã hoàn tác: không có dữ liệu nào được lưu.")


def synthetic_province(code: str, communes: int = 99) -> Area:
    """A throw-away province with ``communes`` communes (Bắc Ninh has 99), so only synthetic rows are counted."""
    province = Area.objects.create(code=code, name="Tỉnh thử nghiệm", level="province", kind="tinh")
    Area.objects.bulk_create([
        Area(code=f"{code}{i:03d}", name=f"Xã thử {i}", level="commune", kind="xa", parent=province,
             path=Area.build_path(f"{code}{i:03d}", province.path)) for i in range(1, communes + 1)])
    return province


def percentile_ms(timings: list[float], percent: int) -> float:
    """The ``percent``-th percentile of ``timings`` (seconds), in milliseconds."""
    if len(timings) < 2:
        return 1000 * timings[0]
    return 1000 * statistics.quantiles(timings, n=100, method="inclusive")[percent - 1]
