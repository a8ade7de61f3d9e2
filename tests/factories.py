"""Builders for test data: ``make_<thing>(**overrides)``."""

import itertools

from accounts.models import Role, User
from areas.models import Area, Kind, Level

_seq = itertools.count(1)


def make_area(code: str, name: str | None = None, *, parent: Area | None = None, level: str | None = None,
              kind: str | None = None, **extra) -> Area:
    if level is None:
        level = Level.PROVINCE if parent is None else Level.COMMUNE
    if kind is None:
        kind = {Level.PROVINCE: Kind.TINH, Level.DISTRICT: Kind.HUYEN, Level.COMMUNE: Kind.XA}[level]
    area = Area(code=code, name=name or f"Đơn vị {code}", parent=parent, level=level, kind=kind,
                is_urban=kind == Kind.PHUONG, **extra)
    area.save()
    return area


def make_user(role: str = Role.VIEWER, area: Area | None = None, *, username: str | None = None,
              password: str = "mat-khau-thu-nghiem", **extra) -> User:
    user = User(username=username or f"user{next(_seq)}", role=role, area=area, **extra)
    user.set_password(password)
    user.save()
    return user
