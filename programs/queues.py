"""How many cases wait in a user's queues: the numbers beside "Duyệt hồ sơ", "Duyệt chế độ" and "Hồ sơ bị trả
lại" in the menu. The same cases as the queue pages (who decides what: ``programs.authority.Decisions``), counted
up to the pages' 500 rows."""

from beneficiaries import selectors as registry
from programs import selectors
from programs.authority import Decisions

LIMIT = 500  # the queue pages show at most this many of each kind


def review_queue_count(user) -> int:
    decisions = Decisions(user)
    merit, protection = registry.review_queue(user=user)
    return sum(1 for queryset in (merit, protection)
               for profile in queryset.select_related("person__area")[:LIMIT] if decisions.profile(profile))


def enrollment_queue_count(user) -> int:
    decisions = Decisions(user)
    return sum(1 for e in selectors.enrollment_queue(user=user).select_related("person__area", "program")[:LIMIT]
               if decisions.enrollment(e))


def returned_count(user) -> int:
    merit, protection = registry.returned_profiles(user=user)
    return merit.count() + protection.count()
