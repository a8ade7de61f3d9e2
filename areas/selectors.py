"""Reads of administrative units. Units are public reference data: not scoped."""

import time

from django.db.models import QuerySet

from areas.models import Area, LegacyArea

AREA_CACHE_SECONDS = 60
_BY_CODE: dict[str, tuple[float, Area]] = {}


def area_by_code(code: str) -> Area | None:
    """The unit with ``code``, or None; kept in this process for up to a minute.

    Every filtered list (``?area=``) looks a unit up by its code: under load that round trip to PostgreSQL
    was 13 % of a web worker's time (docs/performance.md). Units change by decree, a few times a year; a
    change made in this process clears the cache at once (``AreasConfig.ready``), other processes see it
    within a minute. A filter, not a permission: scope is checked against the user's own unit, read fresh.
    The unit returned is shared: read it, never change it.
    """
    now = time.monotonic()
    hit = _BY_CODE.get(code)
    if hit is not None and now - hit[0] < AREA_CACHE_SECONDS:
        return hit[1]
    try:
        area = Area.objects.get(code=code)
    except Area.DoesNotExist:
        return None  # unknown codes are not kept: nobody can fill the cache with made-up ones
    if len(_BY_CODE) >= 20_000:  # more than every unit of the country: something is wrong, start again
        _BY_CODE.clear()
    _BY_CODE[code] = (now, area)
    return area


def area_cache_clear(**kwargs) -> None:
    """Forget every unit kept by ``area_by_code`` (a signal receiver, hence ``**kwargs``)."""
    _BY_CODE.clear()


def area_list() -> QuerySet[Area]:
    return Area.objects.select_related("parent")


def legacy_area_list() -> QuerySet[LegacyArea]:
    return LegacyArea.objects.select_related("parent").prefetch_related("successions__area")
