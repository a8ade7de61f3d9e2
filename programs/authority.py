"""Who may decide a case, from the decision table (programs.DecisionRule) in force on the day of the action."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import COMMUNE_ROLES, SO_ROLES, Role, User
from areas.models import Area, Level
from common.exceptions import DomainError
from programs.models import CASH_KINDS, DecisionLevel, DecisionRule, Program


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


def ensure_own_agency(user: User, *, subject: str, program: Program | None = None) -> None:
    """Sở staff create and submit only their own department's cases; commune staff, any case of their commune."""
    if user.role not in SO_ROLES:
        return
    rule = decision_rule(subject, program)
    if rule is not None and rule.agency != user.agency:
        raise PermissionDenied(_("Việc này thuộc %(owner)s: %(mine)s chỉ lập, gửi hồ sơ của Sở mình.")
                               % {"owner": rule.get_agency_display(), "mine": user.get_agency_display()})


class BatchStep:
    """What is done to a payment batch: who may do it depends on the program's row of the decision table."""

    PREPARE = "prepare"  # generate, regenerate, exclude a person, cancel, export, reconcile
    DECIDE = "decide"  # one more payment attempt after two failures
    APPROVE = "approve"  # the second person: never the one who generated the batch


BATCH_ROLES = (*COMMUNE_ROLES, *SO_ROLES)  # who may touch a batch at all; which batch: ``may_handle_batch``


def commune_paid(rule: DecisionRule | None, area: Area) -> bool:
    """Whether a batch of ``area`` is handled in the commune: a commune-decided program, a commune's batch.

    A batch of a larger area made before the program passed to the communes stays with the owning Sở.
    """
    return rule is not None and rule.level == DecisionLevel.COMMUNE and area.level == Level.COMMUNE


def may_handle_batch(user: User, rule: DecisionRule | None, area: Area, step: str) -> bool:
    """Whether ``user`` may take ``step`` on a batch of the program ``rule`` governs, for ``area``."""
    if rule is None or not user.is_active:
        return False
    if commune_paid(rule, area):
        if user.area_id != area.pk:
            return False
        return user.role in COMMUNE_ROLES if step == BatchStep.PREPARE else user.role == Role.COMMUNE_LEADER
    if user.role not in SO_ROLES or user.agency != rule.agency:
        return False
    return user.role == Role.SO_LEADER if step == BatchStep.APPROVE else True


def ensure_batch_actor(user: User, *, program: Program, area: Area, step: str) -> DecisionRule:
    """Refuse (403, saying who does it) a user who may not take ``step`` on this program's batch of ``area``."""
    rule = decision_rule("payment_batch", program)
    if rule is None:
        raise PermissionDenied(_("Chưa khai báo cấp chi trả cho chính sách “%(p)s” (quản trị: Thẩm quyền quyết "
                                 "định).") % {"p": program.name})
    if not may_handle_batch(user, rule, area, step):
        if commune_paid(rule, area):
            who = (_("Chủ tịch UBND %(area)s") if step != BatchStep.PREPARE
                   else _("cán bộ, lãnh đạo UBND %(area)s")) % {"area": area.name}
        else:
            who = (_("lãnh đạo %(agency)s") if step == BatchStep.APPROVE
                   else _("chuyên viên, lãnh đạo %(agency)s")) % {"agency": rule.get_agency_display()}
        raise PermissionDenied(_("Việc này do %(who)s thực hiện (%(basis)s).") % {"who": who,
                                                                                  "basis": rule.legal_basis})
    return rule


def beyond_commune(rule: DecisionRule | None, area: Area) -> bool:
    """A batch of a larger area for a program the communes pay (refused: they pay it commune by commune)."""
    return rule is not None and rule.level == DecisionLevel.COMMUNE and area.level != Level.COMMUNE


def ensure_batch_area(program: Program, area: Area) -> None:
    """A program the communes pay is paid commune by commune: a batch of a larger area is refused (400)."""
    if beyond_commune(decision_rule("payment_batch", program), area):
        raise DomainError(_("Chính sách “%(p)s” do UBND cấp xã chi trả: lập bảng chi trả cho từng xã, phường, đặc "
                            "khu.") % {"p": program.name}, code="commune_batch_only")


def programs_of(agency: str, subject: str = "enrollment") -> set[int]:
    """The programs ``agency`` owns today (its rows of the decision table, or the subject's general row)."""
    rules = list(DecisionRule.objects.in_force_on(timezone.localdate()).filter(subject=subject))
    return {p.pk for p in Program.objects.all() if (r := _pick(rules, subject, p)) and r.agency == agency}


def batch_programs(user: User) -> list[Program]:
    """The cash programs ``user`` may generate batches of for their own area (the batch page's choices)."""
    if not user.is_active or user.area_id is None:
        return []
    rules = list(DecisionRule.objects.in_force_on(timezone.localdate()).filter(subject="payment_batch"))
    area = user.area
    return [p for p in Program.objects.filter(kind__in=CASH_KINDS, is_active=True).order_by("-kind", "code")
            if (rule := _pick(rules, "payment_batch", p)) and may_handle_batch(user, rule, area, BatchStep.PREPARE)
            and not beyond_commune(rule, area)]


def narrowed_agency(user: User) -> str | None:
    """The department a viewer is bound to (they read only its cases and figures); None: no narrowing."""
    return user.agency if user.is_authenticated and user.role == Role.VIEWER and user.agency else None


def agency_q(user: User, subject: str, program_field: str = "") -> Q:
    """Rows of ``subject`` a viewer bound to a department may read: its programs (``program_field``), or all or
    nothing for a subject without programs. No condition for everyone else."""
    agency = narrowed_agency(user)
    if agency is None:
        return Q()
    if program_field:
        return Q(**{f"{program_field}__in": programs_of(agency, subject)})
    rule = decision_rule(subject)
    return Q() if rule is not None and rule.agency == agency else Q(pk__in=[])


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

    def decides(self, case) -> bool:
        """``profile`` or ``enrollment``, whichever ``case`` is."""
        return self.enrollment(case) if hasattr(case, "program_id") else self.profile(case)

    def can_retry(self, payment) -> bool:
        """Whether the user may let the next batch pay ``payment``'s month once more (``payment_retry_allow``)."""
        rule = _pick(self._in_force, "payment_batch", payment.enrollment.program)
        return may_handle_batch(self.user, rule, payment.person.area, BatchStep.DECIDE)

    def batch(self, batch, step: str) -> bool:
        return may_handle_batch(self.user, _pick(self._in_force, "payment_batch", batch.program), batch.area, step)
