"""The main menu, by role. New modules add their entries here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import CASE_DECIDERS, DECIDERS, REGISTRARS, Role

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset
    match_prefix: bool = True



MENU = [
    MenuItem(_("Tổng quan"), "dashboard", ALL_ROLES, match_prefix=False),
    MenuItem(_("Đối tượng"), "beneficiaries:person_list", ALL_ROLES - {Role.ADMIN}),
    MenuItem(_("Đăng ký mới"), "beneficiaries:person_register", frozenset(REGISTRARS)),
    MenuItem(_("Duyệt hồ sơ"), "beneficiaries:review_queue", frozenset(CASE_DECIDERS)),
    MenuItem(_("Hồ sơ bị trả lại"), "beneficiaries:returned_list", frozenset(REGISTRARS)),
    MenuItem(_("Nhập từ Excel"), "jobs:imports", frozenset({*REGISTRARS, Role.ADMIN})),
    MenuItem(_("Tác vụ"), "jobs:list", ALL_ROLES - {Role.VIEWER}),
    MenuItem(_("Duyệt chế độ"), "programs:enrollment_queue", frozenset(CASE_DECIDERS)),
    MenuItem(_("Chi trả"), "payments:batch_list", frozenset({*DECIDERS, Role.VIEWER})),
    MenuItem(_("Nhà ở"), "housing:case_list", ALL_ROLES - {Role.ADMIN}),
    MenuItem(_("Đơn thư"), "complaints:list", ALL_ROLES - {Role.ADMIN}),
    MenuItem(_("Chính sách"), "programs:program_list", ALL_ROLES),
    MenuItem(_("Cơ sở trợ giúp"), "programs:facility_list", ALL_ROLES),
    MenuItem(_("Đơn vị hành chính"), "areas:list", ALL_ROLES),
    MenuItem(_("Tài liệu API"), "api-docs", frozenset({Role.SO_SPECIALIST, Role.SO_LEADER, Role.ADMIN})),
    MenuItem(_("Quản trị"), "admin:index", frozenset({Role.ADMIN})),
]


# Queues whose menu entry shows how many cases wait for this user: url name → count. Each app registers its own
# (``AppConfig.ready``), so this module needs none of them. Counted once a minute per user (``COUNT_SECONDS``),
# and again at once after the user acted on a case (``pending_counts_changed``).
COUNTERS: dict[str, Callable] = {}
COUNT_SECONDS = 60


def register_counter(url_name: str, count: Callable) -> None:
    COUNTERS[url_name] = count


def pending_counts_changed(user) -> None:
    """The user decided or sent something: count their queues again on the next page."""
    cache.delete_many([f"menu-count:{user.pk}:{name}" for name in COUNTERS])


def _count(user, url_name: str) -> int | None:
    if url_name not in COUNTERS:
        return None
    key = f"menu-count:{user.pk}:{url_name}"
    value = cache.get(key)
    if value is None:
        value = COUNTERS[url_name](user)
        cache.set(key, value, COUNT_SECONDS)
    return value


def menu_for(user, current_path: str) -> list[dict]:
    """Return the menu for the user's role; the entry with the longest matching URL is the active one; a queue's
    entry carries the number of cases waiting (``count``)."""
    items = []
    for item in MENU:
        if user.role not in item.roles:
            continue
        url = reverse(item.url_name)
        matches = current_path.startswith(url) if item.match_prefix else current_path == url
        items.append({"label": item.label, "url": url, "active": False, "match": len(url) if matches else -1,
                      "count": _count(user, item.url_name)})
    best = max(items, key=lambda i: i["match"], default=None)
    if best is not None and best["match"] >= 0:
        best["active"] = True
    return items
