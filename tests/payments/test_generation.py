import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from accounts.models import Role
from common.exceptions import DomainError, TransitionNotAllowed
from payments.models import Payment, PaymentBatch
from payments.services.batches import (
    payment_batch_approve,
    payment_batch_cancel,
    payment_batch_generate,
    payment_batch_regenerate,
)
from programs.models import BenefitStandard, Program
from tests.factories import make_enrollment, make_person, make_protection_profile, make_user
from tests.helpers import race

D = datetime.date


@pytest.fixture
def program(db):
    return Program.objects.get(code="TCXH_HANG_THANG")


def allowance_of(area, group="NCT_80", born=None, start=None, profile=None, **person):
    born, start = born or D(1940, 1, 1), start or D(2025, 1, 1)
    p = make_person(area, date_of_birth=born, **person)
    make_protection_profile(p, group=group, status="approved", **(profile or {}))
    return make_enrollment(p, "TCXH_HANG_THANG", start=start)


def lines(batch):
    return sorted((line.person.full_name, line.period, line.kind, line.amount) for line in batch.lines.all())


def test_lines_and_totals_for_a_small_province(officer_a, program, tree):
    allowance_of(tree["bac_giang"], full_name="A", payment_channel="bank", bank_code="VBA",
                account_number="123456789", account_holder="A", start=D(2025, 3, 1))
    allowance_of(tree["bac_giang"], full_name="B", group="NCT_NGHEO", born=D(1950, 6, 1), start=D(2025, 3, 1))
    allowance_of(tree["ba_dinh"], full_name="Hà Nội")  # another province: not in Bắc Ninh's batch
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-03", area=tree["bac_giang"])
    assert lines(batch) == [("A", D(2025, 3, 1), "regular", 500_000), ("B", D(2025, 3, 1), "regular", 750_000)]
    assert (batch.line_count, batch.total_amount, batch.cashless_amount, batch.cash_amount) == (2, 1_250_000,
                                                                                                500_000, 750_000)
    assert batch.lines.get(person__full_name="A").reference.startswith("CT2503")


def test_arrears_for_months_since_the_start(officer_a, program, tree):
    allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 7, 1))
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-09", area=tree["bac_giang"])
    assert lines(batch) == [("A", D(2025, 7, 1), "arrears", 500_000), ("A", D(2025, 8, 1), "arrears", 500_000),
                            ("A", D(2025, 9, 1), "regular", 500_000)]


def test_a_month_already_covered_gets_no_second_line(officer_a, chairman_a, program, tree):
    allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 7, 1))
    first = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    payment_batch_approve(by=chairman_a, batch=first)
    again = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    assert again.line_count == 0 and again.summary["lines_by_kind"] == {}
    august = payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])
    assert lines(august) == [("A", D(2025, 8, 1), "regular", 500_000)]


def test_database_refuses_a_second_live_line_for_a_month(officer_a, program, tree):
    enrollment = allowance_of(tree["bac_giang"], start=D(2025, 7, 1))
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    line = batch.lines.get()
    with pytest.raises(IntegrityError):
        Payment.objects.create(batch=batch, enrollment=enrollment, person=line.person, period=line.period,
                               kind="regular", amount=1, reference="X1", channel="cash")


def test_second_draft_for_the_same_month_and_area_is_409(officer_a, program, tree):
    payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    with pytest.raises(DomainError) as exc:
        payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    assert exc.value.status == 409


def test_retroactive_standard_adds_an_adjustment_for_paid_months(officer_a, chairman_a, program, tree):
    allowance_of(tree["bac_giang"], full_name="A", group="TN_16_22", born=D(2008, 1, 1), start=D(2026, 6, 1),
                profile={"studying_until": D(2029, 6, 30)})
    june = payment_batch_generate(by=officer_a, program=program, period="2026-06", area=tree["bac_giang"])
    july = payment_batch_generate(by=officer_a, program=program, period="2026-07", area=tree["bac_giang"])
    assert [line.amount for line in june.lines.all()] == [750_000]
    assert [line.amount for line in july.lines.all()] == [750_000]
    BenefitStandard.objects.create(code="TGXH", name="Mức chuẩn", amount=540_000, valid_from=D(2026, 7, 1),
                                   legal_basis="NĐ 335/2026")
    august = payment_batch_generate(by=officer_a, program=program, period="2026-08", area=tree["bac_giang"])
    assert lines(august) == [("A", D(2026, 7, 1), "adjustment", 60_000), ("A", D(2026, 8, 1), "regular", 810_000)]


def test_death_mid_period_pays_that_month_only(officer_a, program, tree):
    enrollment = allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 5, 1))
    person = enrollment.person
    person.date_of_death = D(2025, 6, 12)
    person.save()
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])
    assert [line.period for line in batch.lines.all()] == [D(2025, 5, 1), D(2025, 6, 1)]


def test_a_failed_line_is_paid_again_once(officer_a, program, tree):
    allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 7, 1))
    july = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    july.lines.update(status="failed", failure_reason="Sai số tài khoản")
    august = payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])
    assert lines(august) == [("A", D(2025, 7, 1), "retry", 500_000), ("A", D(2025, 8, 1), "regular", 500_000)]
    august.lines.filter(period=D(2025, 7, 1)).update(status="failed")
    september = payment_batch_generate(by=officer_a, program=program, period="2025-09", area=tree["bac_giang"])
    assert lines(september) == [("A", D(2025, 9, 1), "regular", 500_000)]  # July failed twice: waits for a person
    assert september.summary["failed_twice_waiting"] == 1


def test_a_person_may_allow_one_more_retry_after_two_failures(officer_a, chairman_a, chairman_b, program, tree):
    from payments.models import RetryAllowance
    from payments.services.corrections import payment_retry_allow

    allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 7, 1))
    july = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    july.lines.update(status="failed")
    august = payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])
    august.lines.filter(period=D(2025, 7, 1)).update(status="failed")
    with pytest.raises(PermissionDenied, match="Chủ tịch UBND Phường Bắc Giang"):  # the officer prepares only
        payment_retry_allow(by=officer_a, payment=august.lines.get(period=D(2025, 7, 1)), reason="x")
    with pytest.raises(PermissionDenied):  # another commune's chairman
        payment_retry_allow(by=chairman_b, payment=august.lines.get(period=D(2025, 7, 1)), reason="x")
    payment_retry_allow(by=chairman_a, payment=august.lines.get(period=D(2025, 7, 1)), reason="Đơn KN2026-000001")
    with pytest.raises(DomainError):  # one allowance per decision: the month no longer waits
        payment_retry_allow(by=chairman_a, payment=august.lines.get(period=D(2025, 7, 1)), reason="again")
    september = payment_batch_generate(by=officer_a, program=program, period="2025-09", area=tree["bac_giang"])
    assert lines(september) == [("A", D(2025, 7, 1), "retry", 500_000), ("A", D(2025, 9, 1), "regular", 500_000)]
    assert september.summary["failed_twice_waiting"] == 0
    september.lines.filter(period=D(2025, 7, 1)).update(status="returned")
    october = payment_batch_generate(by=officer_a, program=program, period="2025-10", area=tree["bac_giang"])
    assert lines(october) == [("A", D(2025, 10, 1), "regular", 500_000)]  # failed again: waits again
    assert october.summary["failed_twice_waiting"] == 1 and RetryAllowance.objects.count() == 1


def test_suspended_months_are_not_paid(officer_a, program, tree):
    from programs.models import Suspension

    enrollment = allowance_of(tree["bac_giang"], full_name="A", start=D(2025, 7, 1))
    Suspension.objects.create(enrollment=enrollment, from_date=D(2025, 8, 1))
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-09", area=tree["bac_giang"])
    assert [line.period for line in batch.lines.all()] == [D(2025, 7, 1)]


def test_regenerate_replaces_the_lines(officer_a, program, tree):
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    assert batch.line_count == 0
    allowance_of(tree["bac_giang"], start=D(2025, 7, 1))
    batch = payment_batch_regenerate(by=officer_a, batch=batch)
    assert batch.line_count == 1


def test_generator_can_never_approve(officer_a, chairman_a, chairman_b, program, tree):
    batch = payment_batch_generate(by=chairman_a, program=program, period="2025-07", area=tree["bac_giang"])
    with pytest.raises(PermissionDenied, match="không được là người lập"):
        payment_batch_approve(by=chairman_a, batch=batch)
    with pytest.raises(PermissionDenied):
        payment_batch_approve(by=officer_a, batch=batch)  # officers prepare; the chairman approves
    with pytest.raises(PermissionDenied):
        payment_batch_approve(by=chairman_b, batch=batch)  # another commune's chairman
    chairman2 = make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="phochutich")
    assert payment_batch_approve(by=chairman2, batch=batch).status == "approved"  # the vice-chairman
    with pytest.raises(IntegrityError):
        PaymentBatch.objects.filter(pk=batch.pk).update(approved_by=chairman_a)


def test_province_programs_stay_with_the_owning_department(tree, specialist, leader):
    """Merit allowances: the Sở Nội vụ generates and approves; the Sở Y tế and the communes may not."""
    merit = Program.objects.get(code="UU_DAI_HANG_THANG")
    y_te_leader = make_user(Role.SO_LEADER, tree["bac_ninh"], username="ld.yte", agency="y_te")
    chairman = make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="ct")
    for outsider in (y_te_leader, chairman):
        with pytest.raises(PermissionDenied, match="Sở Nội vụ"):
            payment_batch_generate(by=outsider, program=merit, period="2025-07", area=tree["bac_giang"])
    batch = payment_batch_generate(by=specialist, program=merit, period="2025-07", area=tree["bac_ninh"])
    with pytest.raises(PermissionDenied, match="lãnh đạo Sở Nội vụ"):
        payment_batch_approve(by=y_te_leader, batch=batch)
    assert payment_batch_approve(by=leader, batch=batch).status == "approved"


def test_a_decision_table_change_takes_effect_on_its_day(officer_a, specialist, program, tree, monkeypatch):
    """A row for a future day changes nothing before it; from that day the new level decides."""
    import datetime as dt

    from django.utils import timezone

    from programs.models import DecisionRule

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    DecisionRule.objects.create(subject="payment_batch", program=program, level="province", agency="noi_vu",
                                valid_from=tomorrow, legal_basis="Quyết định giả định")
    payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    with pytest.raises(DomainError):  # today the communes pay it: no province batch
        payment_batch_generate(by=specialist, program=program, period="2025-07", area=tree["bac_ninh"])
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert payment_batch_generate(by=specialist, program=program, period="2025-07",
                                  area=tree["bac_ninh"]).status == "draft"
    with pytest.raises(PermissionDenied):
        payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])


def test_cancel_only_a_draft(officer_a, chairman_a, program, tree):
    allowance_of(tree["bac_giang"], start=D(2025, 7, 1))
    batch = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    payment_batch_approve(by=chairman_a, batch=batch)
    with pytest.raises(TransitionNotAllowed):
        payment_batch_cancel(by=officer_a, batch=batch)
    draft = payment_batch_generate(by=officer_a, program=program, period="2025-08", area=tree["bac_giang"])
    cancelled = payment_batch_cancel(by=officer_a, batch=draft, reason="Sai kỳ")
    assert cancelled.status == "cancelled" and set(draft.lines.values_list("status", flat=True)) <= {"cancelled"}


def test_a_province_batch_of_a_commune_paid_program_is_400(tree, program):
    y_te = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.yte", agency="y_te")
    with pytest.raises(DomainError) as exc:
        payment_batch_generate(by=y_te, program=program, period="2025-07", area=tree["bac_ninh"])
    assert exc.value.status == 400 and exc.value.code == "commune_batch_only"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_generation_makes_one_batch(tree):
    program = Program.objects.get(code="TCXH_HANG_THANG")
    users = [make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username=f"cb{i}") for i in range(2)]
    allowance_of(tree["bac_giang"], start=D(2025, 7, 1))
    outcomes = race(*(lambda u=u: payment_batch_generate(by=u, program=program, period="2025-07",
                                                          area=tree["bac_giang"]) and "created" for u in users))
    assert sorted(outcomes, key=str) == [409, "created"]
    assert PaymentBatch.objects.count() == 1 and Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_approve_once(tree):
    program = Program.objects.get(code="TCXH_HANG_THANG")
    maker = make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="cb-x")
    leaders = [make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username=f"ct{i}") for i in range(2)]  # chairman, vice
    allowance_of(tree["bac_giang"], start=D(2025, 7, 1))
    batch = payment_batch_generate(by=maker, program=program, period="2025-07", area=tree["bac_giang"])
    outcomes = race(*(lambda u=u: payment_batch_approve(by=u, batch=batch) and "approved" for u in leaders))
    assert sorted(outcomes, key=str) == [409, "approved"]
    from common.models import Transition

    assert Transition.objects.filter(to_status="approved", object_id=batch.pk).count() == 1


def test_benchmark_command_runs_and_leaves_nothing(db, capsys):
    from django.core.management import call_command

    call_command("bench_payments", "--enrollments", "30")
    out = capsys.readouterr().out
    assert "30 dòng (giống hệt)" in out and "Tỷ lệ:" in out
    assert PaymentBatch.objects.count() == 0
