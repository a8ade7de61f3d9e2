import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.models import Role
from beneficiaries.models import Person
from beneficiaries.services.persons import person_update
from common.exceptions import TransitionNotAllowed
from common.models import Transition
from programs.calculator import amount_for
from programs.models import Enrollment, Program
from programs.services import enrollments as svc
from tests.factories import make_enrollment, make_household, make_person, make_protection_profile, make_user
from tests.helpers import race

D = datetime.date


def program(code="TCXH_HANG_THANG"):
    return Program.objects.get(code=code)


def test_officer_proposes_and_the_commune_chairman_approves(officer_a, chairman_a, elderly):
    enrollment = svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 1, 1))
    svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    svc.enrollment_approve(by=chairman_a, enrollment=enrollment, decision_no="5/QĐ", decision_date=D(2025, 1, 5))
    enrollment.refresh_from_db()
    assert enrollment.status == "approved" and enrollment.approved_by == chairman_a
    assert amount_for(enrollment, "2025-01") == 500_000


def test_no_approved_profile_of_the_target_is_refused(officer_a, tree):
    person = make_person(tree["bac_giang"])
    enrollment = svc.enrollment_create(by=officer_a, person=person, program=program(), start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    assert exc.value.message_dict["program"] == [
        "Người này chưa có hồ sơ được duyệt thuộc diện “Đối tượng bảo trợ xã hội”."]


def test_eligibility_is_checked_again_on_approval(officer_a, chairman_a, elderly):
    enrollment = svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 1, 1))
    svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    elderly.protection_profiles.update(status="suspended")
    with pytest.raises(ValidationError):
        svc.enrollment_approve(by=chairman_a, enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.status == "submitted"


def test_overlapping_enrollment_in_the_same_program_is_refused(officer_a, elderly):
    make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2024, 1, 1), end=D(2025, 6, 30))
    enrollment = svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 6, 1))
    with pytest.raises(ValidationError) as exc:
        svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    assert "trùng thời gian" in exc.value.message_dict["start_date"][0]
    later = svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 7, 1))
    assert svc.enrollment_submit(by=officer_a, enrollment=later).status == "submitted"


def test_database_refuses_overlapping_live_enrollments(elderly):
    from django.db import IntegrityError

    make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2024, 1, 1))
    with pytest.raises(IntegrityError):
        make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2025, 1, 1), status="submitted")


def test_dead_person_cannot_be_enrolled(officer_a, elderly):
    elderly.date_of_death = D(2025, 1, 1)
    elderly.save()
    with pytest.raises(ValidationError):
        svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 1, 1))


def test_end_before_start_is_refused(officer_a, elderly):
    with pytest.raises(ValidationError) as exc:
        svc.enrollment_create(by=officer_a, person=elderly, program=program(), start_date=D(2025, 5, 1),
                              end_date=D(2025, 4, 1))
    assert exc.value.message_dict["end_date"] == ["Ngày kết thúc phải sau ngày bắt đầu hưởng."]


def test_approver_is_never_the_submitter(specialist, leader, tree):
    from tests.factories import make_merit_profile

    veteran = make_person(tree["bac_giang"], full_name="Vũ Văn Công", date_of_birth=D(1950, 1, 1))
    make_merit_profile(veteran, status="approved")
    merit = program("UU_DAI_HANG_THANG")
    enrollment = svc.enrollment_create(by=specialist, person=veteran, program=merit, start_date=D(2025, 1, 1))
    svc.enrollment_submit(by=specialist, enrollment=enrollment)
    with pytest.raises(PermissionDenied, match="người đã gửi"):
        svc.enrollment_approve(by=specialist, enrollment=enrollment)
    assert svc.enrollment_approve(by=leader, enrollment=enrollment).status == "approved"


def test_a_department_registers_only_its_own_cases(specialist, tree, elderly):
    """The Sở Nội vụ may not open or submit social assistance (the Sở Y tế's field, the commune's decision)."""
    with pytest.raises(PermissionDenied, match="thuộc Sở Y tế"):
        svc.enrollment_create(by=specialist, person=elderly, program=program(), start_date=D(2025, 1, 1))
    draft = make_enrollment(elderly, "TCXH_HANG_THANG", status="draft")
    with pytest.raises(PermissionDenied, match="thuộc Sở Y tế"):
        svc.enrollment_submit(by=specialist, enrollment=draft)
    y_te = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.yte", agency="y_te")
    assert svc.enrollment_submit(by=y_te, enrollment=draft).status == "submitted"


def test_officer_of_another_commune_cannot_enrol(officer_b, elderly):
    with pytest.raises(PermissionDenied):
        svc.enrollment_create(by=officer_b, person=elderly, program=program(), start_date=D(2025, 1, 1))


def test_officer_cannot_approve(officer_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", status="submitted")
    with pytest.raises(PermissionDenied):
        svc.enrollment_approve(by=officer_a, enrollment=enrollment)


def test_suspend_and_resume_record_the_period(chairman_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    svc.enrollment_suspend(by=chairman_a, enrollment=enrollment, reason="Vắng mặt", from_date=D(2025, 3, 1))
    svc.enrollment_resume(by=chairman_a, enrollment=enrollment, to_date=D(2025, 5, 1))
    assert [amount_for(enrollment, f"2025-0{m}") for m in (2, 3, 4, 5)] == [500_000, 0, 0, 500_000]
    assert [t.to_status for t in Transition.objects.filter(object_id=enrollment.pk)] == ["suspended", "approved"]


def test_recording_a_death_ends_enrollments_at_the_end_of_that_month(officer_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    pending = make_enrollment(elderly, "BHYT_NSNN", start=D(2025, 1, 1), status="submitted")
    person_update(by=officer_a, person=elderly, date_of_death=D(2025, 5, 20))
    enrollment.refresh_from_db()
    pending.refresh_from_db()
    assert enrollment.status == "ended" and enrollment.end_date == D(2025, 5, 31)
    assert enrollment.status_reason == "Đối tượng mất ngày 20/05/2025"
    assert pending.status == "rejected"
    assert amount_for(enrollment, "2025-05") == 500_000 and amount_for(enrollment, "2025-06") == 0


def test_end_sets_the_end_date(chairman_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2025, 1, 1))
    svc.enrollment_end(by=chairman_a, enrollment=enrollment, reason="Chuyển đi", end_date=D(2025, 8, 31))
    assert amount_for(enrollment, "2025-08") == 500_000 and amount_for(enrollment, "2025-09") == 0


def test_forbidden_transition_is_409(chairman_a, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG", status="draft")
    with pytest.raises(TransitionNotAllowed):
        svc.enrollment_suspend(by=chairman_a, enrollment=enrollment, reason="x")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_submissions_for_the_same_months_leave_one(tree):
    officer = make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb2")
    person = make_person(tree["bac_giang"], household=make_household(tree["bac_giang"]),
                         date_of_birth=D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")
    drafts = [svc.enrollment_create(by=officer, person=person, program=program(), start_date=D(2025, 1, 1))
              for _ in range(2)]
    outcomes = race(*(lambda e=e: svc.enrollment_submit(by=officer, enrollment=e) and "ok" for e in drafts))
    assert sorted(outcomes) == ["ok", "refused"]
    assert Enrollment.objects.filter(status="submitted").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_death_recorded_while_an_enrollment_is_approved_does_not_deadlock(tree, monkeypatch):
    """The approval holds its locks and waits; meanwhile the officer records the death. With one lock order (the
    person first, common.locking) the death waits for the approval, then ends the enrollment it approved; with
    two orders (enrollment then person, person then enrollment) PostgreSQL found a deadlock and failed one."""
    officer = make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb-death")
    chairman = make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="ct-death")
    person = make_person(tree["bac_giang"], household=make_household(tree["bac_giang"]), date_of_birth=D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")
    enrollment = svc.enrollment_create(by=officer, person=person, program=program(), start_date=D(2025, 1, 1))
    svc.enrollment_submit(by=officer, enrollment=enrollment)
    approving, outcomes = threading.Event(), {}
    original = svc.check_eligible

    def slow_check(locked):  # runs with the approval's locks held
        approving.set()
        time.sleep(1.5)  # the death is recorded meanwhile (PostgreSQL's deadlock_timeout is 1 s)
        return original(locked)

    monkeypatch.setattr(svc, "check_eligible", slow_check)

    def approve():
        try:
            svc.enrollment_approve(by=chairman, enrollment=enrollment, decision_no="1/QĐ")
            outcomes["approve"] = "ok"
        except Exception as exc:  # noqa: BLE001  (a deadlock is what this test is about)
            outcomes["approve"] = repr(exc)
        finally:
            connection.close()

    def record_death():
        approving.wait(10)
        try:
            person_update(by=officer, person=Person.objects.get(pk=person.pk), date_of_death=D(2026, 11, 3))
            outcomes["death"] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcomes["death"] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=record_death)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes == {"approve": "ok", "death": "ok"}
    enrollment.refresh_from_db()
    assert enrollment.status == "ended" and enrollment.end_date == D(2026, 11, 30)


@pytest.mark.parametrize("program_code,role,area,agency,allowed", [
    ("TCXH_HANG_THANG", "commune_leader", "bac_giang", "", True),
    ("TCXH_HANG_THANG", "commune_leader", "tay_yen_tu", "", False),
    ("TCXH_HANG_THANG", "so_leader", "bac_ninh", "y_te", False),
    ("NUOI_DUONG_CO_SO", "so_specialist", "bac_ninh", "y_te", True),  # facility care: the Sở Y tế
    ("NUOI_DUONG_CO_SO", "commune_leader", "bac_giang", "", False),
    ("NUOI_DUONG_CO_SO", "so_specialist", "bac_ninh", "noi_vu", False),
])
def test_who_decides_an_enrollment_follows_its_program(tree, officer_a, elderly, program_code, role, area, agency,
                                                      allowed):
    from programs.models import Program

    enrollment = svc.enrollment_create(by=officer_a, person=elderly, program=Program.objects.get(code=program_code),
                                       start_date=D(2025, 1, 1))
    svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    user = make_user(role, tree[area], agency=agency)
    if allowed:
        assert svc.enrollment_approve(by=user, enrollment=enrollment).status == "approved"
    else:
        with pytest.raises(PermissionDenied):  # not theirs to decide, or not their commune
            svc.enrollment_approve(by=user, enrollment=enrollment)


def test_a_merit_allowance_is_decided_by_the_so_noi_vu(tree, officer_a, specialist):
    from programs.models import Program
    from tests.factories import make_merit_profile, make_person

    veteran = make_person(tree["bac_giang"], date_of_birth=D(1950, 1, 1))
    make_merit_profile(veteran, category="TU_DAY", status="approved")
    enrollment = svc.enrollment_create(by=officer_a, person=veteran, start_date=D(2025, 1, 1),
                                       program=Program.objects.get(code="UU_DAI_HANG_THANG"))
    svc.enrollment_submit(by=officer_a, enrollment=enrollment)
    with pytest.raises(PermissionDenied):
        svc.enrollment_approve(by=make_user("commune_leader", tree["bac_giang"]), enrollment=enrollment)
    assert svc.enrollment_approve(by=specialist, enrollment=enrollment).status == "approved"
