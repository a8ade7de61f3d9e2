"""Loading the official administrative units from the data files in areas/data/."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from areas.models import Area, Kind, LegacyArea, LegacyAreaSuccession, Level
from areas.selectors import area_cache_clear
from common.exceptions import DomainError

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]


@dataclass(frozen=True)
class AreaLoadResult:
    created: int
    updated: int
    deactivated: int
    legacy_units: int
    legacy_links: int


def _read(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def areas_load(*, province_code: str | None = None) -> AreaLoadResult:
    """Load (or refresh) the current units, the pre-2025 units and the old→new mapping.

    Idempotent: codes are the keys, so a second run creates nothing. Units that
    left the official list are deactivated, never deleted (records point to
    them). ``is_urban`` is set on creation (a phường is urban) and afterwards
    left to the administrator.
    """
    units = _read("units.csv")
    mapping = _read("legacy_to_current.csv")
    legacy = _read("legacy_units.csv")
    if province_code:
        units = [u for u in units if province_code in (u["code"], u["parent_code"])]
        if not any(u["level"] == Level.PROVINCE for u in units):
            raise DomainError(f"Không có tỉnh/thành phố mã “{province_code}” trong danh mục.", code="unknown_province")
        old_provinces = {
            m["legacy_code"] for m in mapping if len(m["legacy_code"]) == 2 and m["area_code"] == province_code
        }
        old_districts = {
            u["code"] for u in legacy if u["level"] == Level.DISTRICT and u["parent_code"] in old_provinces
        }
        legacy = [u for u in legacy if u["code"] in old_provinces or u["parent_code"] in old_provinces | old_districts]

    existing = set(Area.objects.filter(code__in=[u["code"] for u in units]).values_list("code", flat=True))
    paths = dict(Area.objects.filter(level=Level.PROVINCE).values_list("code", "path"))
    parent_ids = dict(Area.objects.filter(level=Level.PROVINCE).values_list("code", "id"))
    for level in (Level.PROVINCE, Level.COMMUNE):
        rows = [u for u in units if u["level"] == level]
        objs = [
            Area(
                code=u["code"], name=u["name"], level=u["level"], kind=u["kind"],
                parent_id=parent_ids.get(u["parent_code"]),
                path=Area.build_path(u["code"], paths.get(u["parent_code"], "")),
                is_urban=u["kind"] == Kind.PHUONG, is_active=True,
            )
            for u in rows
        ]
        Area.objects.bulk_create(
            objs, batch_size=1000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "kind", "parent", "path", "is_active"],
        )
        if level == Level.PROVINCE:
            loaded = Area.objects.filter(code__in=[u["code"] for u in rows])
            paths.update(loaded.values_list("code", "path"))
            parent_ids.update(loaded.values_list("code", "id"))

    stale = Area.objects.filter(level__in=[Level.PROVINCE, Level.COMMUNE], is_active=True)
    if province_code:
        stale = stale.within(Area.objects.get(code=province_code))
    deactivated = stale.exclude(code__in=[u["code"] for u in units]).update(is_active=False)

    for level in LEVEL_ORDER:
        rows = [u for u in legacy if u["level"] == level]
        if not rows:
            continue
        parents = dict(LegacyArea.objects.filter(code__in={u["parent_code"] for u in rows}).values_list("code", "id"))
        LegacyArea.objects.bulk_create(
            [
                LegacyArea(code=u["code"], name=u["name"], level=u["level"], kind=u["kind"],
                           parent_id=parents.get(u["parent_code"]))
                for u in rows
            ],
            batch_size=2000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "kind", "parent"],
        )
    legacy_ids = dict(LegacyArea.objects.filter(code__in=[u["code"] for u in legacy]).values_list("code", "id"))
    area_ids = dict(Area.objects.values_list("code", "id"))
    links = [
        LegacyAreaSuccession(
            legacy_id=legacy_ids[m["legacy_code"]], area_id=area_ids[m["area_code"]],
            is_partly_merged=m["is_partly_merged"] == "1",
        )
        for m in mapping
        if m["legacy_code"] in legacy_ids and m["area_code"] in area_ids
    ]
    LegacyAreaSuccession.objects.bulk_create(
        links, batch_size=2000, update_conflicts=True, unique_fields=["legacy", "area"],
        update_fields=["is_partly_merged"],
    )
    # Fresh statistics: without them the planner treats the new rows as an empty
    # table and picks nested loops that take minutes on the first joins.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE areas_area, areas_legacyarea, areas_legacyareasuccession")
    area_cache_clear()  # bulk writes send no signal
    return AreaLoadResult(
        created=len(units) - len(existing), updated=len(existing), deactivated=deactivated,
        legacy_units=len(legacy_ids), legacy_links=len(links),
    )
