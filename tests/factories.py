"""Builders for test data: ``make_<thing>(**overrides)``."""

import datetime
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


# ------------------------------------------------------------------------------
# Beneficiary registry
# ------------------------------------------------------------------------------
def national_id_for(sex: str, born: datetime.date, province: str = "027", serial: int | None = None) -> str:
    """Return a valid 12-digit ID for the sex and birth date (TT 59/2021)."""
    digit = 2 * ((born.year - 1900) // 100) + (1 if sex == "female" else 0)
    return f"{province}{digit}{born.year % 100:02d}{(serial or next(_seq)) % 1_000_000:06d}"


def make_household(area: Area, *, code: str | None = None, address: str = "Thôn Đông", by: User | None = None):
    from beneficiaries.models import Household

    return Household.objects.create(code=code or f"H{area.code}{next(_seq):07d}", area=area, address=address,
                                    created_by=by or _system_user())


def make_person(area: Area, *, full_name: str | None = None, household=None, by: User | None = None, **extra):
    from beneficiaries.models import Person

    defaults = dict(full_name=full_name or f"Nguyễn Văn {next(_seq)}", date_of_birth=datetime.date(1950, 5, 1),
                    sex="male", relation_to_head="head" if household else "")
    defaults.update(extra)
    return Person.objects.create(area=area, household=household, created_by=by or _system_user(), **defaults)


def make_protection_profile(person, *, group: str = "NCT_80", status: str = "draft", by: User | None = None,
                            **extra):
    from beneficiaries.models import ProtectionProfile

    return ProtectionProfile.objects.create(person=person, group_id=group, status=status,
                                            created_by=by or _system_user(), **extra)


def make_merit_profile(person, *, category: str = "HDKC", status: str = "draft", by: User | None = None, **extra):
    from beneficiaries.models import MeritProfile

    return MeritProfile.objects.create(person=person, category_id=category, status=status,
                                       created_by=by or _system_user(), **extra)


def _system_user() -> User:
    user = User.objects.filter(username="he-thong").first()
    return user or make_user(Role.ADMIN, None, username="he-thong")


# ------------------------------------------------------------------------------
# Programs
# ------------------------------------------------------------------------------
def make_enrollment(person, program_code: str, *, start: datetime.date = datetime.date(2021, 7, 1),
                    status: str = "approved", end: datetime.date | None = None, by: User | None = None):
    from programs.models import Enrollment, Program

    return Enrollment.objects.create(person=person, program=Program.objects.get(code=program_code), start_date=start,
                                     end_date=end, status=status, created_by=by or _system_user())
