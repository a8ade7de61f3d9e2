"""Figures for a past day read the status each case had on that day (its transition log, its suspensions
and end date, the date of death), not its current row. The histories are made through the services, then
dated by hand; the expected figures are worked out by hand."""

import datetime
from decimal import Decimal

from django.utils import timezone

from beneficiaries.services import persons, profiles
from common.models import Transition
from common.transitions import transitions_of
from indicators.models import Indicator
from indicators.selectors import figure
from programs.services.enrollments import enrollment_end
from tests.factories import make_enrollment, make_person, make_protection_profile

D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def dated(case, *days):
    """Give the case's transitions, oldest first, the days ``days``; its row follows (approval, last change)."""
    logged = list(transitions_of(case))
    assert len(logged) == len(days)
    for transition, day in zip(logged, days, strict=True):
        Transition.objects.filter(pk=transition.pk).update(at=at(day))
    approved = next(day for t, day in zip(logged, days, strict=True) if t.to_status == "approved")
    type(case).objects.filter(pk=case.pk).update(approved_at=at(approved), updated_at=at(days[-1]))


def protection(_code, area, day):
    f = figure(Indicator.objects.get(code="protection_monthly"), area, day)
    return f.numerator, f.denominator


def decided(chairman, person):
    """A person registered on 2 January with a protection profile approved through the service."""
    type(person).objects.filter(pk=person.pk).update(created_at=at(D(2026, 1, 2)))
    profile = make_protection_profile(person, status="submitted")
    return profiles.profile_approve(by=chairman, profile=profile, decision_no="12/QĐ-UBND")


def test_a_suspension_that_ended_was_a_suspension_on_the_days_between(tree, chairman_a):
    profile = decided(chairman_a, make_person(tree["bac_giang"]))
    profiles.profile_suspend(by=chairman_a, profile=profile, reason="Vắng mặt dài ngày")
    profiles.profile_resume(by=chairman_a, profile=profile, reason="Đã trở về")
    dated(profile, D(2026, 1, 10), D(2026, 3, 1), D(2026, 5, 1))  # approved, suspended, resumed
    area = tree["bac_giang"]
    assert protection("", area, D(2026, 1, 5)) == (0, 0)  # not yet approved
    assert protection("", area, D(2026, 2, 15)) == (0, 1)  # approved
    assert protection("", area, D(2026, 4, 15)) == (0, 0)  # suspended (its row says "approved" today)
    assert protection("", area, D(2026, 6, 15)) == (0, 1)  # resumed: approved again


def test_a_profile_ended_later_was_approved_before(tree, chairman_a):
    profile = decided(chairman_a, make_person(tree["bac_giang"]))
    profiles.profile_end(by=chairman_a, profile=profile, reason="Chuyển đi nơi khác")
    dated(profile, D(2026, 1, 10), D(2026, 6, 1))
    assert protection("", tree["bac_giang"], D(2026, 4, 15)) == (0, 1)  # ended today, approved in April
    assert protection("", tree["bac_giang"], D(2026, 7, 1)) == (0, 0)


def test_a_profile_suspended_then_ended_and_one_re_approved(tree, chairman_a):
    first = decided(chairman_a, make_person(tree["bac_giang"]))
    profiles.profile_suspend(by=chairman_a, profile=first, reason="Tạm vắng")
    profiles.profile_end(by=chairman_a, profile=first, reason="Không còn đủ điều kiện")
    dated(first, D(2026, 1, 10), D(2026, 2, 1), D(2026, 8, 1))
    second = decided(chairman_a, make_person(tree["bac_giang"]))
    profiles.profile_suspend(by=chairman_a, profile=second, reason="Tạm vắng")
    profiles.profile_resume(by=chairman_a, profile=second, reason="Trở về")
    profiles.profile_suspend(by=chairman_a, profile=second, reason="Tạm vắng lần hai")
    dated(second, D(2026, 1, 10), D(2026, 2, 1), D(2026, 3, 1), D(2026, 9, 1))
    area = tree["bac_giang"]
    assert protection("", area, D(2026, 1, 20)) == (0, 2)  # both approved
    assert protection("", area, D(2026, 2, 15)) == (0, 0)  # both suspended
    assert protection("", area, D(2026, 4, 15)) == (0, 1)  # the second re-approved; the first still suspended
    assert protection("", area, D(2026, 10, 1)) == (0, 0)  # the first ended, the second suspended again


def test_an_enrollment_ended_later_was_paying_before_its_end(tree, chairman_a):
    person = make_person(tree["bac_giang"])
    profile = decided(chairman_a, person)
    dated(profile, D(2026, 1, 10))
    enrollment = make_enrollment(person, "TCXH_HANG_THANG", start=D(2026, 1, 1))
    type(enrollment).objects.filter(pk=enrollment.pk).update(approved_at=at(D(2026, 1, 10)))
    enrollment_end(by=chairman_a, enrollment=enrollment, reason="Chuyển hưởng chế độ khác", end_date=D(2026, 6, 30))
    area = tree["bac_giang"]
    assert protection("", area, D(2026, 4, 15)) == (1, 1)  # ended today, paying in April
    assert protection("", area, D(2026, 7, 15)) == (0, 1)  # past its end date
    assert figure(Indicator.objects.get(code="protection_monthly"), area, D(2026, 4, 15)).value == Decimal("100.00")


def test_a_death_recorded_after_the_day_counts_from_the_day_of_death(tree, officer_a, chairman_a):
    person = make_person(tree["bac_giang"], full_name="Người Mất Sau")
    dated(decided(chairman_a, person), D(2026, 1, 10))
    person.refresh_from_db()
    assert protection("", tree["bac_giang"], D(2026, 4, 15)) == (0, 1)
    persons.person_update(by=officer_a, person=person, date_of_death=D(2026, 3, 10))  # recorded today
    assert protection("", tree["bac_giang"], D(2026, 3, 9)) == (0, 1)  # alive then
    assert protection("", tree["bac_giang"], D(2026, 4, 15)) == (0, 0)  # dead since 10 March


def test_the_day_of_a_change_shows_the_new_status_and_the_day_before_the_old(tree, chairman_a):
    person = make_person(tree["bac_giang"])
    profile = decided(chairman_a, person)
    profiles.profile_suspend(by=chairman_a, profile=profile, reason="Tạm vắng")
    dated(profile, D(2026, 1, 31), D(2026, 3, 1))  # approved on the last day of January, suspended on 1 March
    enrollment = make_enrollment(person, "TCXH_HANG_THANG", start=D(2026, 2, 1))
    type(enrollment).objects.filter(pk=enrollment.pk).update(approved_at=at(D(2026, 1, 31)))
    enrollment_end(by=chairman_a, enrollment=enrollment, reason="Chuyển đi", end_date=D(2026, 2, 28))
    area = tree["bac_giang"]
    assert protection("", area, D(2026, 1, 30)) == (0, 0)  # the day before the approval
    assert protection("", area, D(2026, 1, 31)) == (0, 1)  # approved that day; paying from 1 February
    assert protection("", area, D(2026, 2, 1)) == (1, 1)  # the first day it pays
    assert protection("", area, D(2026, 2, 28)) == (1, 1)  # its last day: the last of the month
    assert protection("", area, D(2026, 3, 1)) == (0, 0)  # suspended that morning, and the month after its end
