"""How many cases wait in a user's queues: the numbers beside "Duyệt hồ sơ", "Duyệt chế độ" and "Hồ sơ bị trả
lại" in the menu. The same cases as the queue pages (who decides what: ``programs.authority.Decisions``), counted
up to the pages' 500 rows."""

from django.db.models import Exists, OuterRef

from beneficiaries import selectors as registry
from common.models import CaseStatus
from programs import selectors
from programs.authority import Decisions
from programs.models import Enrollment, Program, ProgramKind, Target

LIMIT = 500  # the queue pages show at most this many of each kind


def decided_by(decisions: Decisions, queryset) -> list:
    """The cases of a queue (its first LIMIT) that ``decisions``' user decides: another level's or department's
    cases are read elsewhere, not queued here. The queue pages' rows and the menu's counts."""
    return [case for case in queryset[:LIMIT] if decisions.decides(case)]


def review_queue_count(user) -> int:
    decisions = Decisions(user)
    return sum(len(decided_by(decisions, queryset.select_related("person__area")))
               for queryset in registry.review_queue(user=user))


def enrollment_queue_count(user) -> int:
    queue = selectors.enrollment_queue(user=user).select_related("person__area", "program")
    return len(decided_by(Decisions(user), queue))


def returned_count(user) -> int:
    merit, protection = registry.returned_profiles(user=user)
    return merit.count() + protection.count()


def approved_without_allowance(user, limit: int = 200) -> list:
    """Approved profiles in ``user``'s scope whose person has no monthly allowance of that kind yet (none proposed,
    running or suspended): what a commune officer proposes next, each with the programs it may go to."""
    programs = {target: list(Program.objects.filter(is_active=True, kind=ProgramKind.MONTHLY_CASH, target=target)
                             .order_by("name")) for target in (Target.MERIT, Target.PROTECTION)}
    rows = []
    for target, queryset in ((Target.MERIT, registry.merit_profile_list(user=user)),
                             (Target.PROTECTION, registry.protection_profile_list(user=user))):
        allowance = Enrollment.objects.filter(person=OuterRef("person"), program__target=target,
                                              program__kind=ProgramKind.MONTHLY_CASH)\
            .exclude(status__in=[CaseStatus.REJECTED, CaseStatus.ENDED])
        for profile in queryset.filter(status=CaseStatus.APPROVED).exclude(Exists(allowance))\
                .select_related("person__area", "category" if target == Target.MERIT else "group")\
                .order_by("-approved_at")[:limit]:
            profile.kind, profile.programs = target, programs[target]
            rows.append(profile)
    return rows
