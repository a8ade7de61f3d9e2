"""The main menu, by role. New modules add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset
    match_prefix: bool = True


MENU = [
    MenuItem(_("Tổng quan"), "dashboard", ALL_ROLES, match_prefix=False),
    MenuItem(_("Đơn vị hành chính"), "areas:list", ALL_ROLES),
    MenuItem(_("Tài liệu API"), "api-docs", frozenset({Role.SO_SPECIALIST, Role.SO_LEADER, Role.ADMIN})),
    MenuItem(_("Quản trị"), "admin:index", frozenset({Role.ADMIN})),
]


def menu_for(user, current_path: str) -> list[dict]:
    items = []
    for item in MENU:
        if user.role not in item.roles:
            continue
        url = reverse(item.url_name)
        active = current_path.startswith(url) if item.match_prefix else current_path == url
        items.append({"label": item.label, "url": url, "active": active})
    return items
