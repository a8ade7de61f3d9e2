"""Merit and protection profiles: create, edit while open, and the commune → Sở workflow."""

import datetime
import sys

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from beneficiaries.models import (
    LivingArrangement,
    MeritCategory,
    MeritFlag,
    MeritProfile,
    Person,
    ProfileChild,
    ProtectionGroup,
    ProtectionProfile,
    RelativeType,
    WarInvalidType,
)
from common.audit import acting_as
from common.models import CaseStatus
from common.workflow import CaseKind, approval_fields, case_decide, case_submit, ensure_editable, lock_case
from programs.authority import ensure_decider, ensure_own_agency

CLOSED = (CaseStatus.REJECTED, CaseStatus.ENDED)

Profile = MeritProfile | ProtectionProfile


def _ensure_person_writable(by: User, person: Person) -> None:
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, person.area)
    if not person.is_alive:
        raise ValidationError({"person": _("Người này đã mất (%(day)s): không lập hồ sơ mới.")
                               % {"day": person.date_of_death.strftime("%d/%m/%Y")}})


# ------------------------------------------------------------------------------
# Merit profiles
# ------------------------------------------------------------------------------
def _validate_merit(profile: MeritProfile) -> None:
    errors: dict[str, list[str]] = {}
    category: MeritCategory = profile.category
    if category.requires_injury_rate:
        low, high = category.injury_rate_min, category.injury_rate_max
        if profile.injury_rate is None or not low <= profile.injury_rate <= high:
            errors["injury_rate"] = [_("Diện “%(cat)s” cần tỷ lệ tổn thương cơ thể từ %(low)s%% đến %(high)s%%.")
                                     % {"cat": category.name, "low": low, "high": high}]
    elif profile.injury_rate is not None and not profile.is_relative:
        errors["injury_rate"] = [_("Diện này không ghi tỷ lệ tổn thương cơ thể.")]
    if profile.war_invalid_type not in WarInvalidType.values or (
            profile.war_invalid_type != WarInvalidType.A and profile.category_id != "THUONG_BINH"):
        errors["war_invalid_type"] = [_("Loại B chỉ dành cho thương binh loại B.")]
    unknown = sorted(set(profile.flags) - set(MeritFlag.values))
    if unknown:
        errors["flags"] = [_("Đặc điểm không hợp lệ: %(flags)s.") % {"flags": ", ".join(unknown)}]
    if {MeritFlag.DETACHED, MeritFlag.NOT_DETACHED} <= set(profile.flags):
        errors["flags"] = [_("Chỉ chọn một trong hai: diện thoát ly hoặc không thoát ly.")]
    if profile.seniority_years is not None and MeritFlag.DETACHED not in profile.flags:
        errors["seniority_years"] = [_("Số năm thâm niên chỉ ghi cho người hoạt động cách mạng diện thoát ly.")]
    if (profile.merit_person_id is None) != (profile.relationship_id is None):
        errors["relationship"] = [_("Thân nhân cần cả người có công và quan hệ với người đó.")]
    elif profile.merit_person_id is not None:
        if profile.merit_person_id == profile.person_id:
            errors["merit_person"] = [_("Thân nhân phải là người khác với người có công.")]
        else:
            own = MeritProfile.objects.filter(person_id=profile.merit_person_id, merit_person__isnull=True)\
                .exclude(status__in=CLOSED)
            if not own.exists():
                errors["merit_person"] = [_("Người được chọn chưa có hồ sơ người có công (không tính hồ sơ "
                                            "bị từ chối hoặc đã chấm dứt).")]
            elif not own.filter(category=profile.category_id).exists():
                errors["category"] = [_("Diện của thân nhân phải trùng diện của người có công.")]
    open_twin = MeritProfile.objects.filter(person_id=profile.person_id, category=profile.category_id,
                                            merit_person_id=profile.merit_person_id)\
        .exclude(status__in=CLOSED).exclude(pk=profile.pk)
    if open_twin.exists():
        errors.setdefault("category", []).append(_("Người này đã có hồ sơ diện này đang được xử lý hoặc đang hưởng."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def merit_profile_create(*, by: User, person: Person, category: MeritCategory, injury_rate: int | None = None,
                         recognition_decision_no: str = "", recognition_decision_date: datetime.date | None = None,
                         merit_person: Person | None = None, relationship: RelativeType | None = None,
                         war_invalid_type: str = WarInvalidType.A, flags=(), seniority_years: int | None = None,
                         ) -> MeritProfile:
    """Open a draft merit profile (the person's own, or a relative's through ``merit_person``)."""
    ensure_own_agency(by, subject="merit_profile")
    if category.is_deceased_category and merit_person is None:
        require_role(by, *REGISTRARS)  # a martyr's own record: the person is deceased by definition
        ensure_in_scope(by, person.area)
    else:
        _ensure_person_writable(by, person)
    profile = MeritProfile(person=person, category=category, injury_rate=injury_rate,
                           recognition_decision_no=recognition_decision_no,
                           recognition_decision_date=recognition_decision_date, merit_person=merit_person,
                           relationship=relationship, war_invalid_type=war_invalid_type or WarInvalidType.A,
                           flags=sorted(set(flags or ())), seniority_years=seniority_years, created_by=by)
    _validate_merit(profile)
    with acting_as(by):
        profile.save()
    return profile


MERIT_EDITABLE = ("category", "injury_rate", "recognition_decision_no", "recognition_decision_date",
                  "merit_person", "relationship", "war_invalid_type", "flags", "seniority_years")


@transaction.atomic
def merit_profile_update(*, by: User, profile: MeritProfile, **fields) -> MeritProfile:
    return _update(by=by, profile=profile, fields=fields, editable=MERIT_EDITABLE, validate=_validate_merit)


# ------------------------------------------------------------------------------
# Protection profiles
# ------------------------------------------------------------------------------
def _validate_protection(profile: ProtectionProfile) -> None:
    errors: dict[str, list[str]] = {}
    if profile.group.requires_children_count:
        if not profile.children_count:
            errors["children_count"] = [_("Nhóm “%(group)s” cần số con đang nuôi (ít nhất 1).")
                                        % {"group": profile.group.name}]
    elif profile.children_count:
        errors["children_count"] = [_("Chỉ ghi số con đang nuôi cho người đơn thân nuôi con.")]
    if profile.group.requires_studying and profile.studying_until is None:
        errors["studying_until"] = [_("Nhóm “%(group)s” chỉ hưởng khi đang đi học: cần ngày kết thúc khoá học.")
                                    % {"group": profile.group.name}]
    elif not profile.group.requires_studying and profile.studying_until is not None:
        errors["studying_until"] = [_("Chỉ ghi ngày kết thúc học cho nhóm đang đi học.")]
    if profile.living_arrangement not in LivingArrangement.values:
        errors["living_arrangement"] = [_("Hoàn cảnh sống không hợp lệ.")]
    twin = ProtectionProfile.objects.filter(person_id=profile.person_id, group=profile.group_id)\
        .exclude(status__in=CLOSED).exclude(pk=profile.pk)
    if twin.exists():
        errors.setdefault("group", []).append(_("Người này đã có hồ sơ nhóm này đang được xử lý hoặc đang hưởng."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def protection_profile_create(*, by: User, person: Person, group: ProtectionGroup, children_count: int | None = None,
                              wants_facility_care: bool = False,
                              living_arrangement: str = LivingArrangement.WITH_FAMILY,
                              studying_until: datetime.date | None = None) -> ProtectionProfile:
    """Open a draft social-protection profile."""
    _ensure_person_writable(by, person)
    ensure_own_agency(by, subject="protection_profile")
    profile = ProtectionProfile(person=person, group=group, children_count=children_count,
                                wants_facility_care=wants_facility_care, living_arrangement=living_arrangement,
                                studying_until=studying_until, created_by=by)
    _validate_protection(profile)
    with acting_as(by):
        profile.save()
    return profile


PROTECTION_EDITABLE = ("group", "children_count", "wants_facility_care", "living_arrangement", "studying_until")


@transaction.atomic
def protection_profile_update(*, by: User, profile: ProtectionProfile, **fields) -> ProtectionProfile:
    return _update(by=by, profile=profile, fields=fields, editable=PROTECTION_EDITABLE, validate=_validate_protection)


def _update(*, by: User, profile: Profile, fields: dict, editable: tuple, validate) -> Profile:
    """Change an open (draft or returned) profile under a row lock, with the same rules as at creation."""
    require_role(by, *REGISTRARS)
    profile = lock_case(profile, by)
    ensure_editable(profile)
    for key, value in fields.items():
        if key not in editable:
            raise TypeError(f"not editable: {key}")
        setattr(profile, key, value)
    validate(profile)
    with acting_as(by):
        profile.save()
    return profile


# ------------------------------------------------------------------------------
# Children raised by a single parent (DON_THAN): paid per child, counted month by month
# ------------------------------------------------------------------------------
def _editable_children_profile(by: User, profile: ProtectionProfile) -> ProtectionProfile:
    require_role(by, *REGISTRARS)
    profile = lock_case(profile, by)
    ensure_editable(profile)
    if not profile.group.requires_children_count:
        raise ValidationError({"child": [_("Chỉ gắn con đang nuôi cho nhóm người đơn thân nuôi con.")]})
    return profile


def _sync_children_count(profile: ProtectionProfile) -> None:
    profile.children_count = profile.children.count() or profile.children_count
    profile.save(update_fields=["children_count", "updated_at"])


@transaction.atomic
def profile_child_add(*, by: User, profile: ProtectionProfile, child: Person,
                      studying_until: datetime.date | None = None) -> ProfileChild:
    """Link a child to a single parent's profile (while the profile is a draft or returned).

    From then on the monthly amount counts the linked children under 16, or under 22 while studying
    (``studying_until``), month by month; ``children_count`` follows the number linked.
    """
    profile = _editable_children_profile(by, profile)
    ensure_in_scope(by, child.area)
    errors: dict[str, list[str]] = {}
    if child.pk == profile.person_id:
        errors["child"] = [_("Con phải là người khác với người đơn thân.")]
    elif child.date_of_birth <= profile.person.date_of_birth:
        errors["child"] = [_("Con phải sinh sau cha/mẹ.")]
    elif profile.children.filter(child=child).exists():
        errors["child"] = [_("Người này đã được gắn vào hồ sơ.")]
    if studying_until is not None and studying_until < child.date_of_birth:
        errors["studying_until"] = [_("Ngày kết thúc học không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        link = ProfileChild.objects.create(profile=profile, child=child, studying_until=studying_until)
        _sync_children_count(profile)
    return link


@transaction.atomic
def profile_child_remove(*, by: User, profile: ProtectionProfile, child: Person) -> None:
    profile = _editable_children_profile(by, profile)
    with acting_as(by):
        if not profile.children.filter(child=child).delete()[0]:
            raise ValidationError({"child": [_("Người này chưa được gắn vào hồ sơ.")]})
        _sync_children_count(profile)


# ------------------------------------------------------------------------------
# Workflow (common.workflow: lock, scope, four-eyes, transition log)
# ------------------------------------------------------------------------------
def _subject(profile: Profile) -> str:
    return "merit_profile" if isinstance(profile, MeritProfile) else "protection_profile"


@transaction.atomic
def profile_submit(*, by: User, profile: Profile) -> Profile:
    """Send a draft or returned profile for decision (to whoever the decision table names)."""
    return case_submit(by=by, case=profile,
                       authorize=lambda locked: ensure_own_agency(by, subject=_subject(locked)))


def _authorize(by: User):
    """The decision table decides who takes decisions on a profile (programs.authority)."""
    def authorize(locked: Profile) -> None:
        ensure_decider(by, subject=_subject(locked), area=locked.person.area)

    return authorize


@transaction.atomic
def profile_approve(*, by: User, profile: Profile, decision_no: str = "",
                    decision_date: datetime.date | None = None) -> Profile:
    return case_decide(by=by, case=profile, action="approve", authorize=_authorize(by),
                       fields=approval_fields(by, decision_no, decision_date))


@transaction.atomic
def profile_reject(*, by: User, profile: Profile, reason: str) -> Profile:
    return case_decide(by=by, case=profile, action="reject", reason=reason,
                       authorize=_authorize(by))


@transaction.atomic
def profile_return(*, by: User, profile: Profile, reason: str) -> Profile:
    """Send a submitted profile back to the commune for correction."""
    return case_decide(by=by, case=profile, action="return", reason=reason,
                       authorize=_authorize(by))


@transaction.atomic
def profile_suspend(*, by: User, profile: Profile, reason: str) -> Profile:
    return case_decide(by=by, case=profile, action="suspend", reason=reason,
                       authorize=_authorize(by))


@transaction.atomic
def profile_resume(*, by: User, profile: Profile, reason: str = "") -> Profile:
    return case_decide(by=by, case=profile, action="resume", reason=reason, check=_alive,
                       authorize=_authorize(by))


@transaction.atomic
def profile_end(*, by: User, profile: Profile, reason: str) -> Profile:
    return case_decide(by=by, case=profile, action="end", reason=reason,
                       authorize=_authorize(by))


def _alive(case) -> None:
    if not case.person.is_alive:
        raise ValidationError({"person": _("Người này đã mất: không tiếp tục hồ sơ.")})


# The actions of common.workflow.CASE_ACTIONS on a profile run profile_{action} above.
WORKFLOW = CaseKind(sys.modules[__name__], "profile")

