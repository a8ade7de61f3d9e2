import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from beneficiaries.models import MeritCategory, MeritProfile, ProtectionGroup, RelativeType
from beneficiaries.services import profiles
from common.exceptions import DomainError, TransitionNotAllowed
from common.models import Transition
from common.transitions import transitions_of
from tests.factories import make_merit_profile, make_person, make_protection_profile, make_user
from tests.helpers import race


def cat(code):
    return MeritCategory.objects.get(code=code)


# ------------------------------------------------------------------------------
# Creation rules
# ------------------------------------------------------------------------------
def test_officer_opens_a_draft_protection_profile(officer_a, person_a):
    profile = profiles.protection_profile_create(by=officer_a, person=person_a,
                                                 group=ProtectionGroup.objects.get(code="NCT_80"))
    assert profile.status == "draft" and profile.created_by == officer_a


def test_single_parent_needs_children_count(officer_a, person_a):
    group = ProtectionGroup.objects.get(code="DON_THAN")
    with pytest.raises(ValidationError) as exc:
        profiles.protection_profile_create(by=officer_a, person=person_a, group=group)
    assert "cần số con đang nuôi" in exc.value.message_dict["children_count"][0]
    assert profiles.protection_profile_create(by=officer_a, person=person_a, group=group, children_count=2)


def test_no_second_open_profile_of_the_same_group(officer_a, person_a):
    group = ProtectionGroup.objects.get(code="NCT_80")
    profiles.protection_profile_create(by=officer_a, person=person_a, group=group)
    with pytest.raises(ValidationError) as exc:
        profiles.protection_profile_create(by=officer_a, person=person_a, group=group)
    assert "đã có hồ sơ nhóm này" in exc.value.message_dict["group"][0]


def test_no_profile_for_a_deceased_person(officer_a, person_a):
    person_a.date_of_death = datetime.date(2024, 1, 1)
    person_a.save()
    with pytest.raises(ValidationError) as exc:
        profiles.protection_profile_create(by=officer_a, person=person_a,
                                           group=ProtectionGroup.objects.get(code="NCT_80"))
    assert "đã mất (01/01/2024)" in exc.value.message_dict["person"][0]


@pytest.mark.parametrize("rate,ok", [(None, False), (20, False), (21, True), (100, True), (101, False)])
def test_war_invalid_injury_rate_is_21_to_100(officer_a, person_a, rate, ok):
    create = lambda: profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("THUONG_BINH"),  # noqa: E731
                                                   injury_rate=rate)
    if ok:
        assert create().injury_rate == rate
    else:
        with pytest.raises(ValidationError) as exc:
            create()
        assert exc.value.message_dict["injury_rate"] == [
            "Diện “Thương binh, bao gồm thương binh loại B được công nhận trước ngày 31/12/1993; người hưởng chính "
            "sách như thương binh” cần tỷ lệ tổn thương cơ thể từ 21% đến 100%."]


def test_injury_rate_only_where_the_category_has_one(officer_a, person_a):
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("HDKC"), injury_rate=50)
    assert exc.value.message_dict["injury_rate"] == ["Diện này không ghi tỷ lệ tổn thương cơ thể."]


def test_relative_must_point_to_a_merit_person(officer_a, person_a, tree):
    martyr = make_person(tree["bac_giang"], full_name="Liệt sĩ Nguyễn Văn Hùng",
                         date_of_birth=datetime.date(1948, 1, 1), date_of_death=datetime.date(1968, 2, 1))
    father = RelativeType.objects.get(code="CHA_DE")
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("LIET_SI"), merit_person=martyr,
                                      relationship=father)
    assert "chưa có hồ sơ người có công" in exc.value.message_dict["merit_person"][0]
    profiles.merit_profile_create(by=officer_a, person=martyr, category=cat("LIET_SI"))  # the martyr's own record
    relative = profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("LIET_SI"),
                                             merit_person=martyr, relationship=father)
    assert relative.is_relative is True


def test_relative_needs_both_person_and_relationship(officer_a, person_a, tree):
    other = make_person(tree["bac_giang"])
    make_merit_profile(other, category="HDKC")
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("HDKC"), merit_person=other)
    assert exc.value.message_dict["relationship"] == ["Thân nhân cần cả người có công và quan hệ với người đó."]


def test_relative_category_matches_the_merit_person(officer_a, person_a, tree):
    other = make_person(tree["bac_giang"])
    make_merit_profile(other, category="HDKC")
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("TU_DAY"), merit_person=other,
                                      relationship=RelativeType.objects.get(code="CON"))
    assert exc.value.message_dict["category"] == ["Diện của thân nhân phải trùng diện của người có công."]


def test_officer_of_another_commune_cannot_open_a_profile(officer_b, person_a):
    with pytest.raises(PermissionDenied):
        profiles.protection_profile_create(by=officer_b, person=person_a,
                                           group=ProtectionGroup.objects.get(code="NCT_80"))


# ------------------------------------------------------------------------------
# Workflow
# ------------------------------------------------------------------------------
@pytest.fixture
def draft(person_a, officer_a):
    return make_protection_profile(person_a, by=officer_a)


@pytest.fixture
def submitted(draft, officer_a):
    return profiles.profile_submit(by=officer_a, profile=draft)


def test_full_path_is_logged(draft, officer_a, chairman_a):
    profiles.profile_submit(by=officer_a, profile=draft)
    profiles.profile_return(by=chairman_a, profile=draft, reason="Thiếu giấy xác nhận")
    profiles.protection_profile_update(by=officer_a, profile=draft, wants_facility_care=True)
    profiles.profile_submit(by=officer_a, profile=draft)
    profiles.profile_approve(by=chairman_a, profile=draft, decision_no="123/QĐ-UBND",
                             decision_date=datetime.date(2026, 11, 1))
    profiles.profile_suspend(by=chairman_a, profile=draft, reason="Đi khỏi địa phương")
    profiles.profile_resume(by=chairman_a, profile=draft)
    profiles.profile_end(by=chairman_a, profile=draft, reason="Chuyển hộ khẩu")
    draft.refresh_from_db()
    assert draft.status == "ended" and draft.decision_no == "123/QĐ-UBND"
    log = [(t.from_status, t.to_status, t.by.username, t.reason) for t in transitions_of(draft)]
    assert log == [
        ("draft", "submitted", "canbo.a", ""),
        ("submitted", "returned", "chutich.a", "Thiếu giấy xác nhận"),
        ("returned", "submitted", "canbo.a", ""),
        ("submitted", "approved", "chutich.a", ""),
        ("approved", "suspended", "chutich.a", "Đi khỏi địa phương"),
        ("suspended", "approved", "chutich.a", ""),
        ("approved", "ended", "chutich.a", "Chuyển hộ khẩu"),
    ]


def test_rejection_is_final(submitted, chairman_a, officer_a):
    profiles.profile_reject(by=chairman_a, profile=submitted, reason="Không đủ điều kiện")
    with pytest.raises(TransitionNotAllowed, match="Không thể chuyển từ “Từ chối” sang “Đã gửi”"):
        profiles.profile_submit(by=officer_a, profile=submitted)


@pytest.mark.parametrize("action", ["reject", "return", "suspend", "end"])
def test_reason_is_required(submitted, chairman_a, action):
    if action in ("suspend", "end"):
        profiles.profile_approve(by=chairman_a, profile=submitted)
    with pytest.raises(ValidationError) as exc:
        profiles.WORKFLOW.run(action, by=chairman_a, case=submitted, data={"reason": "  "})
    assert exc.value.message_dict["reason"] == ["Cần ghi lý do."]


def test_approver_is_never_the_submitter(person_a, specialist):
    draft = make_merit_profile(person_a, category="TU_DAY", by=specialist)
    profiles.profile_submit(by=specialist, profile=draft)  # the Sở may create and submit its own cases too
    with pytest.raises(PermissionDenied):
        profiles.profile_approve(by=specialist, profile=draft)


def test_database_refuses_approver_equal_to_submitter(draft, specialist):
    from django.db import IntegrityError

    draft.submitted_by = draft.approved_by = specialist
    with pytest.raises(IntegrityError):
        draft.save()


@pytest.mark.parametrize("role,area,agency,action,allowed", [
    (Role.COMMUNE_LEADER, "bac_giang", "", "approve", True),  # social assistance: the person's commune chairman
    (Role.COMMUNE_LEADER, "bac_giang", "", "return", True),
    (Role.COMMUNE_LEADER, "tay_yen_tu", "", "approve", False),  # another commune's chairman
    (Role.COMMUNE_OFFICER, "bac_giang", "", "approve", False),
    (Role.SO_SPECIALIST, "bac_ninh", "y_te", "approve", False),  # since 1/7/2025 not the Sở
    (Role.SO_LEADER, "bac_ninh", "noi_vu", "return", False),
    (Role.VIEWER, "bac_ninh", "", "approve", False),
    (Role.ADMIN, "bac_ninh", "", "approve", False),
])
def test_who_may_decide_a_protection_profile(submitted, tree, role, area, agency, action, allowed):
    user = make_user(role, tree[area], agency=agency)
    run = lambda: profiles.WORKFLOW.run(action, by=user, case=submitted, data={"reason": "Lý do"})  # noqa: E731
    if action == "approve":
        run = lambda: profiles.profile_approve(by=user, profile=submitted)  # noqa: E731
    if allowed:
        assert run().status in ("approved", "returned")
    else:
        with pytest.raises(PermissionDenied):
            run()


@pytest.mark.parametrize("role,area,agency,allowed", [
    (Role.SO_SPECIALIST, "bac_ninh", "noi_vu", True), (Role.SO_LEADER, "bac_ninh", "noi_vu", True),
    (Role.SO_SPECIALIST, "bac_ninh", "y_te", False), (Role.SO_LEADER, "bac_ninh", "nn_mt", False),
    (Role.COMMUNE_LEADER, "bac_giang", "", False),
])
def test_who_may_decide_a_merit_profile(person_a, officer_a, tree, role, area, agency, allowed):
    profile = profiles.profile_submit(by=officer_a, profile=make_merit_profile(person_a, category="TU_DAY",
                                                                               by=officer_a))
    user = make_user(role, tree[area], agency=agency)
    if allowed:
        assert profiles.profile_approve(by=user, profile=profile).status == "approved"
    else:
        with pytest.raises(PermissionDenied, match="quyết định"):
            profiles.profile_approve(by=user, profile=profile)


def test_a_change_of_the_decision_table_applies_from_its_date(submitted, tree, chairman_a):
    import datetime as dt

    from django.utils import timezone

    from programs.models import DecisionRule

    specialist = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], agency="y_te")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    DecisionRule.objects.create(subject="protection_profile", level="province", agency="y_te",
                                valid_from=tomorrow, legal_basis="Cải cách giả định")
    DecisionRule.objects.filter(subject="protection_profile", valid_to__isnull=True, valid_from__lt=tomorrow)\
        .update(valid_to=tomorrow - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):  # today the commune still decides
        profiles.profile_approve(by=specialist, profile=submitted)
    from programs.authority import decision_rule
    assert decision_rule("protection_profile", day=tomorrow).level == "province"
    assert profiles.profile_approve(by=chairman_a, profile=submitted).status == "approved"


def test_viewer_cannot_submit(draft, tree):
    with pytest.raises(PermissionDenied):
        profiles.profile_submit(by=make_user(Role.VIEWER, tree["bac_ninh"]), profile=draft)


def test_officer_of_another_commune_cannot_submit(draft, officer_b):
    with pytest.raises(PermissionDenied):
        profiles.profile_submit(by=officer_b, profile=draft)


@pytest.mark.parametrize("start,action", [
    ("draft", "approve"), ("draft", "reject"), ("approved", "submit"), ("approved", "approve"),
    ("submitted", "suspend"), ("ended", "resume"), ("rejected", "end"), ("returned", "approve"),
])
def test_forbidden_transitions_are_409(person_a, officer_a, chairman_a, start, action):
    profile = make_protection_profile(person_a, status=start, submitted_by=officer_a)
    user = officer_a if action == "submit" else chairman_a
    kwargs = {} if action in ("submit", "approve", "resume") else {"reason": "Lý do"}
    with pytest.raises(TransitionNotAllowed) as exc:
        profiles.WORKFLOW.run(action, by=user, case=profile, data=kwargs)
    assert exc.value.status == 409
    assert Transition.objects.count() == 0


def test_edit_only_while_draft_or_returned(submitted, officer_a):
    with pytest.raises(DomainError, match="chỉ sửa được khi là nháp hoặc bị trả lại"):
        profiles.protection_profile_update(by=officer_a, profile=submitted, wants_facility_care=True)


def test_deceased_person_cannot_be_submitted(draft, officer_a, person_a):
    person_a.date_of_death = datetime.date(2025, 3, 1)
    person_a.save()
    with pytest.raises(ValidationError):
        profiles.profile_submit(by=officer_a, profile=draft)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the seeded reference data
def test_concurrent_approvals_record_one_transition(tree):
    from tests.factories import make_household

    officer = make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb")
    first = make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="chutich")  # the chairman
    second = make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="phochutich")  # and a vice-chairman
    person = make_person(tree["bac_giang"], household=make_household(tree["bac_giang"]))
    profile = profiles.profile_submit(by=officer, profile=make_protection_profile(person, by=officer))

    outcomes = race(*(lambda u=u: profiles.profile_approve(by=u, profile=profile) and "approved"
                      for u in (first, second)))
    assert sorted(outcomes, key=str) == [409, "approved"]
    assert Transition.objects.filter(to_status="approved").count() == 1
    assert MeritProfile.objects.count() == 0


def test_approve_does_not_resume_a_suspended_profile(person_a, chairman_a):
    profile = make_protection_profile(person_a, status="suspended")
    with pytest.raises(TransitionNotAllowed):
        profiles.profile_approve(by=chairman_a, profile=profile)
    assert profiles.profile_resume(by=chairman_a, profile=profile).status == "approved"


# ------------------------------------------------------------------------------
# What selects the rows of the 2026 tables
# ------------------------------------------------------------------------------
def test_toxic_chemicals_profile_takes_an_injury_rate(officer_a, person_a):
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("CDHH"))
    assert "từ 21% đến 100%" in exc.value.message_dict["injury_rate"][0]
    assert profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("CDHH"), injury_rate=45)


def test_war_invalid_type_b_and_flags(officer_a, person_a):
    profile = profiles.merit_profile_create(by=officer_a, person=person_a, category=cat("THUONG_BINH"),
                                            injury_rate=81, war_invalid_type="B",
                                            flags=["song_o_gia_dinh", "dac_biet_nang", "dac_biet_nang"])
    assert profile.war_invalid_type == "B" and profile.flags == ["dac_biet_nang", "song_o_gia_dinh"]


@pytest.mark.parametrize("extra,field,message", [
    (dict(category="TU_DAY", war_invalid_type="B"), "war_invalid_type", "Loại B chỉ dành cho thương binh"),
    (dict(category="LT_CM", flags=["thoat_ly", "khong_thoat_ly"]), "flags", "Chỉ chọn một trong hai"),
    (dict(category="LT_CM", seniority_years=5), "seniority_years", "chỉ ghi cho người hoạt động cách mạng diện"),
    (dict(category="TU_DAY", flags=["bay"]), "flags", "Đặc điểm không hợp lệ: bay."),
])
def test_merit_attributes_are_checked(officer_a, person_a, extra, field, message):
    category = extra.pop("category")
    with pytest.raises(ValidationError) as exc:
        profiles.merit_profile_create(by=officer_a, person=person_a, category=cat(category), **extra)
    assert message in exc.value.message_dict[field][0]


def test_studying_group_needs_the_end_of_the_course(officer_a, person_a):
    studying = ProtectionGroup.objects.get(code="TN_16_22")
    with pytest.raises(ValidationError) as exc:
        profiles.protection_profile_create(by=officer_a, person=person_a, group=studying)
    assert "cần ngày kết thúc khoá học" in exc.value.message_dict["studying_until"][0]
    with pytest.raises(ValidationError) as exc:
        profiles.protection_profile_create(by=officer_a, person=person_a, group=ProtectionGroup.objects.get(
            code="NCT_80"), studying_until=datetime.date(2027, 6, 30))
    assert "Chỉ ghi ngày kết thúc học" in exc.value.message_dict["studying_until"][0]
    profile = profiles.protection_profile_create(by=officer_a, person=person_a, group=studying,
                                                 studying_until=datetime.date(2027, 6, 30))
    assert profile.studying_until == datetime.date(2027, 6, 30)
