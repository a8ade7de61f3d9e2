"""The one place that decides what part of the country a user may see.

Every list, detail, count and export filters through ``scope_queryset``; every
write into an area checks ``ensure_in_scope``. A user scoped to an area sees
that area and everything under it; an administrator without an area sees all.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Area, Level


def scope_path(user: User) -> str | None:
    """Return the area path prefix the user is limited to, or None for the whole country."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Bạn cần đăng nhập."))
    if user.area_id is None:
        if user.role == "admin":
            return None
        raise PermissionDenied(_("Tài khoản chưa được giao địa bàn."))
    return user.area.path


def scope_queryset(user: User, queryset: QuerySet, area_field: str = "area") -> QuerySet:
    """Return ``queryset`` limited to rows whose ``area_field`` lies in the user's scope.

    ``area_field`` is the lookup path to an ``Area`` foreign key, e.g.
    ``"household__area"``; an empty string means the rows are areas themselves.
    One indexed prefix query, whatever the depth of the tree.
    """
    path = scope_path(user)
    if path is None:
        return queryset
    return queryset.filter(within(user.area, area_field))


def within(area: Area, area_field: str = "area") -> Q:
    """Rows whose ``area_field`` is ``area`` or lies under it.

    A commune has nothing under it, so its rows match by foreign key: ``area_id = 7``
    lets PostgreSQL walk the (area, full_name, id) index in page order and stop after
    one page, where the path prefix needs a join and a sort of the whole commune.
    """
    if area.level == Level.COMMUNE:
        return Q(**{area_field or "pk": area.pk})
    return Q(**{f"{area_field}__path__startswith" if area_field else "path__startswith": area.path})


def areas_in_scope(user: User) -> QuerySet[Area]:
    """Return the active administrative units the user may work in."""
    return scope_queryset(user, Area.objects.filter(is_active=True), area_field="")


def in_scope(user: User, area: Area) -> bool:
    path = scope_path(user)
    return path is None or area.path.startswith(path)


def ensure_in_scope(user: User, area: Area) -> None:
    """Raise PermissionDenied unless ``area`` lies in the user's scope."""
    if not in_scope(user, area):
        raise PermissionDenied(_("Địa bàn này nằm ngoài phạm vi được giao cho bạn."))


def require_role(user: User, *roles: str) -> None:
    """Raise PermissionDenied unless the user holds one of ``roles``."""
    if not (user.is_authenticated and user.has_role(*roles)):
        raise PermissionDenied(_("Vai trò của bạn không được thực hiện thao tác này."))
