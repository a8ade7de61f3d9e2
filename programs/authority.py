"""Who may decide a case, from the decision table (programs.DecisionRule) in force on the day of the action."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SO_ROLES, Role, User
from areas.models import Area
from programs.models import DecisionLevel, DecisionRule, Program


def decision_rule(subject: str, program: Program | None = None,
                  day: datetime.date | None = None) -> DecisionRule | None:
    """The program's own row in force on ``day`` (default today), else the subject's row for every program."""
    return _pick(DecisionRule.objects.in_force_on(day or timezone.localdate()).filter(subject=subject),
                 subject, program)


def _pick(rules, subject: str, program: Program | None) -> DecisionRule | None:
    rows = sorted((r for r in rules if r.subject == subject), key=lambda r: r.valid_from, reverse=True)
    own = [r for r in rows if program is not None and r.program_id == program.pk]
    general = [r for r in rows if r.program_id is None]
    return (own or general or [None])[0]


def may_decide(user: User, rule: DecisionRule | None, area: Area) -> bool:
    """Whether ``user`` decides under ``rule`` a case of a person living in ``area`` (a commune)."""
    if rule is None or not user.is_active:
        return False
    if rule.level == DecisionLevel.COMMUNE:
        return user.role == Role.COMMUNE_LEADER and user.area_id == area.pk
    return user.role in SO_ROLES and user.agency == rule.agency


def ensure_decider(user: User, *, subject: str, area: Area, program: Program | None = None) -> DecisionRule:
    """Refuse (403, with who decides) a user the decision table does not give this case to."""
    rule = decision_rule(subject, program)
    if rule is None:
        raise PermissionDenied(_("Chưa khai báo cấp quyết định cho việc này (quản trị: Thẩm quyền quyết định)."))
    if not may_decide(user, rule, area):
        who = (_("Chủ tịch UBND %(area)s") % {"area": area.name} if rule.level == DecisionLevel.COMMUNE
               else _("chuyên viên, lãnh đạo %(agency)s") % {"agency": rule.get_agency_display()})
        raise PermissionDenied(_("Việc này do %(who)s quyết định (%(basis)s).") % {"who": who,
                                                                                  "basis": rule.legal_basis})
    return rule


def deciders_among(users, *, subject: str, area: Area, program: Program | None = None, exclude=None) -> list[User]:
    """The ``users`` the decision table gives this case to today (``exclude``: e.g. who submitted it)."""
    rule = decision_rule(subject, program)
    return [u for u in users if u != exclude and may_decide(u, rule, area)]


class Decisions:
    """What one user decides, for a page of cases: the table is read once per subject and program."""

    def __init__(self, user: User):
        self.user = user
        self._in_force = list(DecisionRule.objects.in_force_on(timezone.localdate()))  # one query, a few rows

    def can(self, subject: str, area: Area, program: Program | None = None) -> bool:
        return may_decide(self.user, _pick(self._in_force, subject, program), area)

    def profile(self, profile) -> bool:
        subject = "merit_profile" if hasattr(profile, "category_id") else "protection_profile"
        return self.can(subject, profile.person.area)

    def enrollment(self, enrollment) -> bool:
        return self.can("enrollment", enrollment.person.area, enrollment.program)
