import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from common.exceptions import DomainError, TransitionNotAllowed
from common.models import Transition
from complaints import services
from complaints.models import Complaint, DeadlineRule
from complaints.selectors import assignable_users, complaint_list, overdue_count
from payments.models import RetryAllowance
from payments.services.batches import payment_batch_generate
from programs.models import Program
from tests.factories import make_person, make_user

D = datetime.date
pytestmark = pytest.mark.django_db


def rule(kind, days, count_weekends):
    return DeadlineRule(kind=kind, days=days, count_weekends=count_weekends, valid_from=D(2000, 1, 1),
                        legal_basis="test")


@pytest.mark.parametrize(("received", "days", "weekends", "due"), [
    (D(2026, 11, 2), 30, True, D(2026, 12, 2)),    # Monday + 30 calendar days: a Wednesday
    (D(2026, 11, 4), 30, True, D(2026, 12, 4)),    # ends on Friday
    (D(2026, 11, 5), 30, True, D(2026, 12, 7)),    # would end on Saturday 5/12: moves to Monday
    (D(2026, 11, 6), 30, True, D(2026, 12, 7)),    # would end on Sunday 6/12: moves to Monday
    (D(2026, 11, 2), 15, False, D(2026, 11, 23)),  # 15 working days from Monday: three weeks later
    (D(2026, 11, 6), 1, False, D(2026, 11, 9)),    # received Friday: the next working day is Monday
    (D(2026, 11, 7), 5, False, D(2026, 11, 13)),   # received Saturday: Monday … Friday
])
def test_due_date(received, days, weekends, due):
    assert services.due_date(received, rule("complaint", days, weekends)) == due


def test_holidays_are_not_working_days():
    national_day = {D(2026, 9, 1), D(2026, 9, 2)}
    # 30 calendar days from Monday 3/8 end on Wednesday 2/9, a holiday: the next working day
    assert services.due_date(D(2026, 8, 3), rule("complaint", 30, True), national_day) == D(2026, 9, 3)
    # 3 working days from Friday 28/8: Monday 31/8, (1 and 2/9 off), Thursday 3/9, Friday 4/9
    assert services.due_date(D(2026, 8, 28), rule("request", 3, False), national_day) == D(2026, 9, 4)
    assert services.due_date(D(2026, 8, 28), rule("request", 3, False), set()) == D(2026, 9, 2)


def test_holidays_entered_in_the_admin_count(officer_a, tree):
    from complaints.models import Holiday

    Holiday.objects.create(day=D(2026, 11, 16), name="Nghỉ bù (thử)")
    complaint = services.complaint_receive(by=officer_a, kind="complaint", channel="phone",
                                           received_on=D(2026, 11, 5), area=tree["bac_giang"], content="x",
                                           complainant_name="A")
    # acceptance within 10 days: Sunday 15/11 → Monday 16/11, a day off → Tuesday
    assert complaint.accept_due_on == complaint.due_on == D(2026, 11, 17)


def test_the_rule_in_force_on_the_day_of_acceptance_applies(officer_a, chairman_a, tree, person_a):
    DeadlineRule.objects.create(kind="complaint", days=10, count_weekends=False, valid_from=D(2026, 11, 10),
                                legal_basis="Quy định mới")
    before = services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 9),
                                        area=tree["bac_giang"], content="Nội dung", complainant_name="Trần Văn B")
    after = services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 9),
                                       area=tree["bac_giang"], content="Nội dung", complainant_name="Trần Văn B")
    before = services.complaint_accept(by=chairman_a, complaint=before, accepted_on=D(2026, 11, 9))
    after = services.complaint_accept(by=chairman_a, complaint=after, accepted_on=D(2026, 11, 10))
    assert before.due_on == D(2026, 12, 9) and before.deadline_rule.days == 30  # seeded: Luật Khiếu nại, Điều 28
    assert after.due_on == D(2026, 11, 24) and after.deadline_rule.legal_basis == "Quy định mới"


@pytest.mark.parametrize("kind,complexity,remote,second,days", [
    ("complaint", "", False, False, 30), ("complaint", "complicated", False, False, 45),
    ("complaint", "", True, False, 45), ("complaint", "complicated", True, False, 60),
    ("complaint", "", False, True, 45), ("complaint", "complicated", False, True, 60),
    ("complaint", "", True, True, 60), ("complaint", "complicated", True, True, 70),
    ("denunciation", "", False, False, 30), ("denunciation", "complicated", True, False, 30),
])
def test_settlement_runs_from_acceptance_by_complexity_remoteness_and_round(
        officer_a, chairman_a, tree, kind, complexity, remote, second, days):
    from areas.models import RemotePeriod

    if remote:
        RemotePeriod.objects.create(area=tree["bac_giang"], valid_from=D(2020, 1, 1), legal_basis="QĐ của tỉnh")
    complaint = services.complaint_receive(by=officer_a, kind=kind, channel="letter", received_on=D(2026, 10, 1),
                                           area=tree["bac_giang"], content="x", complainant_name="A",
                                           second_round=second)
    assert complaint.accept_due_on == D(2026, 10, 12) if kind == "complaint" else D(2026, 10, 15)
    accepted = services.complaint_accept(by=chairman_a, complaint=complaint, accepted_on=D(2026, 10, 9),
                                         complexity=complexity)
    expected = D(2026, 10, 9) + datetime.timedelta(days=days)
    while expected.weekday() >= 5:
        expected += datetime.timedelta(days=1)
    assert accepted.due_on == expected and accepted.remote == remote
    assert accepted.notes.get().text.startswith("Thụ lý ngày 09/10/2026; hạn giải quyết")


def test_remoteness_is_read_on_the_day_of_acceptance(officer_a, chairman_a, tree):
    from areas.models import RemotePeriod

    RemotePeriod.objects.create(area=tree["bac_ninh"], valid_from=D(2026, 11, 1), legal_basis="QĐ của tỉnh")
    early = services.complaint_receive(by=officer_a, kind="complaint", channel="letter", received_on=D(2026, 10, 20),
                                       area=tree["bac_giang"], content="x", complainant_name="A")
    late = services.complaint_receive(by=officer_a, kind="complaint", channel="letter", received_on=D(2026, 10, 20),
                                      area=tree["bac_giang"], content="x", complainant_name="A")
    assert not services.complaint_accept(by=chairman_a, complaint=early, accepted_on=D(2026, 10, 30)).remote
    assert services.complaint_accept(by=chairman_a, complaint=late, accepted_on=D(2026, 11, 2)).remote  # province


def test_acceptance_is_checked(officer_a, chairman_a, tree, received):
    with pytest.raises(ValidationError) as error:
        services.complaint_accept(by=chairman_a, complaint=received, accepted_on=D(2026, 11, 1))  # before receipt
    assert "accepted_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.complaint_accept(by=chairman_a, complaint=received, complexity="especially")  # denunciations only
    with pytest.raises(PermissionDenied):  # not the assignee, not the Sở
        services.complaint_accept(by=officer_a, complaint=received)
    services.complaint_accept(by=chairman_a, complaint=received)
    with pytest.raises(DomainError, match="đã được thụ lý"):
        services.complaint_accept(by=chairman_a, complaint=received)
    request = services.complaint_receive(by=officer_a, kind="request", channel="letter", received_on=D(2026, 11, 2),
                                         area=tree["bac_giang"], content="x", complainant_name="A")
    assert request.accept_due_on is None and not request.needs_acceptance
    with pytest.raises(DomainError, match="không có bước thụ lý"):
        services.complaint_accept(by=chairman_a, complaint=request)
    with pytest.raises(ValidationError):
        services.complaint_receive(by=officer_a, kind="request", channel="letter", received_on=D(2026, 11, 2),
                                   area=tree["bac_giang"], content="x", complainant_name="A", second_round=True)


def test_a_denunciation_extends_once_if_complicated_twice_if_especially(officer_a, chairman_a, leader, tree):
    """A denunciation about no particular case is the commune's: its chairman extends; the Sở may not."""
    def denunciation():
        return services.complaint_receive(by=officer_a, kind="denunciation", channel="letter",
                                          received_on=D(2026, 9, 1), area=tree["bac_giang"], content="x",
                                          complainant_name="A")

    plain = services.complaint_accept(by=chairman_a, complaint=denunciation(), accepted_on=D(2026, 9, 4))
    assert plain.due_on == D(2026, 10, 5)  # 4/9 + 30 = Sunday 4/10 → Monday
    with pytest.raises(PermissionDenied, match="Chủ tịch UBND Phường Bắc Giang"):
        services.complaint_extend(by=leader, complaint=plain, reason="Cần xác minh thêm", complexity="complicated")
    with pytest.raises(ValidationError):
        services.complaint_extend(by=chairman_a, complaint=plain, reason="Cần xác minh thêm")
    once = services.complaint_extend(by=chairman_a, complaint=plain, reason="Cần xác minh thêm",
                                     complexity="complicated")
    assert once.due_on == D(2026, 11, 4) and once.complexity == "complicated"
    with pytest.raises(DomainError, match="hết số lần gia hạn"):
        services.complaint_extend(by=chairman_a, complaint=once, reason="Lần nữa")
    with pytest.raises(ValidationError):
        services.complaint_extend(by=chairman_a, complaint=once, reason=" ")
    with pytest.raises(PermissionDenied):
        services.complaint_extend(by=officer_a, complaint=once, reason="x")

    hard = services.complaint_accept(by=chairman_a, complaint=denunciation(), accepted_on=D(2026, 9, 4),
                                     complexity="especially")
    hard = services.complaint_extend(by=chairman_a, complaint=hard, reason="Lần một")
    hard = services.complaint_extend(by=chairman_a, complaint=hard, reason="Lần hai")
    assert hard.due_on == D(2026, 12, 4)
    assert [(x.previous_due_on, x.due_on, x.reason) for x in hard.extensions.all()] == [
        (D(2026, 10, 5), D(2026, 11, 4), "Lần một"), (D(2026, 11, 4), D(2026, 12, 4), "Lần hai")]
    assert hard.extensions.first().events.count() == 1  # audited
    with pytest.raises(DomainError):
        services.complaint_extend(by=chairman_a, complaint=hard, reason="Lần ba")


def test_overdue_before_acceptance_then_by_the_settlement_deadline(officer_a, chairman_a, tree):
    late = services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 10),
                                      area=tree["bac_giang"], content="x", complainant_name="A")
    assert late.due_on == D(2026, 11, 20)  # acceptance due; today is 25/11
    assert [c.is_overdue for c in complaint_list(user=chairman_a)] == [True]
    services.complaint_accept(by=chairman_a, complaint=late, accepted_on=D(2026, 11, 20))
    assert [c.is_overdue for c in complaint_list(user=chairman_a)] == [False]


def test_no_rule_is_a_clear_error(officer_a, tree):
    DeadlineRule.objects.filter(kind="request").delete()
    with pytest.raises(DomainError, match="Chưa có thời hạn"):
        services.complaint_receive(by=officer_a, kind="request", channel="online", received_on=D(2026, 11, 9),
                                   area=tree["bac_giang"], content="Kiến nghị", complainant_name="Trần Văn B")


def test_receive_validates_with_field_messages(officer_a, tree):
    with pytest.raises(ValidationError) as error:
        services.complaint_receive(by=officer_a, kind="appeal", channel="fax", received_on=D(2099, 1, 1),
                                   area=tree["bac_ninh"], content=" ", complainant_name="",
                                   complainant_id_number="12ab", complainant_phone="12345")
    assert set(error.value.message_dict) == {"kind", "channel", "area", "received_on", "content",
                                             "complainant_name", "complainant_id_number", "complainant_phone"}


def test_a_registered_complainant_fills_name_and_id_and_subjects_bring_their_person(officer_a, tree, failed_twice):
    person = failed_twice.person
    complaint = services.complaint_receive(by=officer_a, kind="complaint", channel="in_person",
                                           received_on=D(2026, 11, 2), area=tree["bac_giang"],
                                           content="Chưa nhận tiền tháng 7", complainant=person, payment=failed_twice)
    assert complaint.complainant_name == "Lê Thị Hoa" and complaint.complainant_id_number == person.national_id
    assert complaint.person == person and complaint.code == f"KN2026-{complaint.pk:06d}"


def test_a_line_of_a_draft_batch_is_refused(officer_a, chairman_a, tree):
    from tests.factories import make_enrollment, make_protection_profile

    person = make_person(tree["bac_giang"], full_name="Hà Văn Nam", date_of_birth=D(1940, 1, 1))
    make_protection_profile(person, group="NCT_80", status="approved")
    make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 7, 1))
    draft = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=tree["bac_giang"])
    with pytest.raises(ValidationError) as error:  # its lines may still be regenerated away
        services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                   area=tree["bac_giang"], content="x", complainant_name="A",
                                   payment=draft.lines.get())
    assert "còn nháp" in error.value.message_dict["payment"][0]


def test_subjects_of_two_persons_are_refused(officer_a, tree, person_a, failed_twice):
    with pytest.raises(ValidationError) as error:
        services.complaint_receive(by=officer_a, kind="complaint", channel="in_person", received_on=D(2026, 11, 2),
                                   area=tree["bac_giang"], content="x", complainant_name="A", person=person_a,
                                   payment=failed_twice)
    assert "person" in error.value.message_dict


def test_scope_an_officer_receives_only_for_their_commune(officer_a, officer_b, tree, person_a, received):
    with pytest.raises(PermissionDenied):
        services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                   area=tree["tay_yen_tu"], content="x", complainant_name="A")
    with pytest.raises(ValidationError) as error:  # the subject lies in another commune
        services.complaint_receive(by=officer_b, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                   area=tree["tay_yen_tu"], content="x", complainant_name="A", person=person_a)
    assert "person" in error.value.message_dict
    assert list(complaint_list(user=officer_b)) == []
    with pytest.raises(PermissionDenied):
        services.complaint_note_add(by=officer_b, complaint=received, text="Xem giúp")
    viewer = make_user(Role.VIEWER, tree["bac_ninh"], username="thongke")
    with pytest.raises(PermissionDenied):
        services.complaint_receive(by=viewer, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                   area=tree["bac_giang"], content="x", complainant_name="A")


def test_the_whole_workflow_and_who_may_do_what(officer_a, chairman_a, leader, received):
    with pytest.raises(PermissionDenied):  # the commune's chairman heads a case about no particular decision
        services.complaint_assign(by=officer_a, complaint=received, assignee=officer_a)
    with pytest.raises(PermissionDenied, match="Chủ tịch UBND Phường Bắc Giang"):  # not the Sở
        services.complaint_assign(by=leader, complaint=received, assignee=officer_a)
    with pytest.raises(TransitionNotAllowed):  # resolving needs work started
        services.complaint_resolve(by=chairman_a, complaint=received, resolution="x")
    assigned = services.complaint_assign(by=chairman_a, complaint=received, assignee=officer_a, note="Xác minh")
    with pytest.raises(PermissionDenied):  # only the assignee starts
        services.complaint_start(by=chairman_a, complaint=assigned)
    started = services.complaint_start(by=officer_a, complaint=assigned)
    with pytest.raises(DomainError, match="chưa được thụ lý"):  # a complaint is accepted before it is settled
        services.complaint_resolve(by=officer_a, complaint=started, resolution="x")
    started = services.complaint_accept(by=officer_a, complaint=started, accepted_on=D(2026, 11, 5))
    assert started.status == "in_progress" and started.assignee == officer_a and started.due_on == D(2026, 12, 7)
    services.complaint_note_add(by=officer_a, complaint=started, text="Đã gặp gia đình, xác minh thu nhập.")
    with pytest.raises(ValidationError):
        services.complaint_resolve(by=officer_a, complaint=started, resolution=" ")
    resolved = services.complaint_resolve(
        by=officer_a, complaint=started, resolution="Đủ điều kiện; lập hồ sơ trợ cấp.", decision_no="12/QĐ-UBND",
        decision_date=D(2026, 11, 20),
        decision_file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 decision", content_type="application/pdf"))
    assert resolved.status == "resolved" and resolved.closed_on is not None
    assert resolved.attachments.get().kind == "decision"
    log = [(t.from_status, t.to_status, t.by.username) for t in Transition.objects.filter(object_id=received.pk)
           .order_by("at", "id")]
    assert log == [("received", "assigned", "chutich.a"), ("assigned", "in_progress", "canbo.a"),
                   ("in_progress", "resolved", "canbo.a")]
    with pytest.raises(TransitionNotAllowed):
        services.complaint_reject(by=chairman_a, complaint=resolved, reason="x")
    with pytest.raises(DomainError):
        services.complaint_note_add(by=officer_a, complaint=resolved, text="muộn")


def test_assignee_must_cover_the_area(chairman_a, officer_b, received):
    with pytest.raises(ValidationError) as error:
        services.complaint_assign(by=chairman_a, complaint=received, assignee=officer_b)
    assert "assignee" in error.value.message_dict


def test_reassign_reject_and_transfer(chairman_a, leader, officer_a, received, tree, person_a):
    services.complaint_assign(by=chairman_a, complaint=received, assignee=officer_a)
    with pytest.raises(ValidationError):  # a case of the commune stays with the commune's staff
        services.complaint_assign(by=chairman_a, complaint=received, assignee=leader)
    again = services.complaint_assign(by=chairman_a, complaint=received, assignee=chairman_a)
    assert again.assignee == chairman_a
    with pytest.raises(ValidationError):
        services.complaint_transfer(by=chairman_a, complaint=again, transferred_to=" ")
    moved = services.complaint_transfer(by=chairman_a, complaint=again, transferred_to="Thanh tra tỉnh",
                                        reason="Thuộc thẩm quyền Thanh tra")
    assert moved.status == "transferred" and moved.closed_on
    other = services.complaint_receive(by=officer_a, kind="denunciation", channel="letter", received_on=D(2026, 11, 2),
                                       area=tree["bac_giang"], content="Đơn nặc danh", complainant_name="Không rõ")
    with pytest.raises(ValidationError):
        services.complaint_reject(by=chairman_a, complaint=other, reason="")
    with pytest.raises(PermissionDenied):
        services.complaint_reject(by=officer_a, complaint=other, reason="Nặc danh")
    assert services.complaint_reject(by=chairman_a, complaint=other, reason="Đơn nặc danh").status == "rejected"


def test_overdue_is_open_and_past_due(officer_a, chairman_a, tree):
    old = services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 9, 1),
                                     area=tree["bac_giang"], content="x", complainant_name="A")
    services.complaint_receive(by=officer_a, kind="complaint", channel="phone", received_on=D(2026, 11, 20),
                               area=tree["bac_giang"], content="y", complainant_name="B")
    assert [c.pk for c in complaint_list(user=chairman_a) if c.is_overdue] == [old.pk]
    assert overdue_count(user=chairman_a) == 1 and overdue_count(user=officer_a) == 1
    services.complaint_reject(by=chairman_a, complaint=old, reason="Đã giải quyết trước đó")
    assert overdue_count(user=chairman_a) == 0


def test_resolving_a_payment_complaint_opens_a_retry_in_the_next_batch(officer_a, chairman_a, tree, failed_twice):
    program = Program.objects.get(code="TCXH_HANG_THANG")
    complaint = services.complaint_receive(by=officer_a, kind="complaint", channel="in_person",
                                           received_on=D(2026, 11, 2), area=tree["bac_giang"],
                                           content="Chưa nhận tiền tháng 7/2025", complainant=failed_twice.person,
                                           payment=failed_twice)
    services.complaint_assign(by=chairman_a, complaint=complaint, assignee=officer_a)
    services.complaint_start(by=officer_a, complaint=complaint)
    services.complaint_accept(by=officer_a, complaint=complaint, accepted_on=D(2026, 11, 3))
    assert (complaint.level, complaint.agency) == ("commune", "y_te")  # the commune pays social assistance
    with pytest.raises(PermissionDenied):  # the retry is the chairman's decision
        services.complaint_resolve(by=officer_a, complaint=complaint, resolution="Cho chi lại", retry_payment=True)
    complaint.refresh_from_db()
    assert complaint.status == "in_progress" and not RetryAllowance.objects.exists()  # all or nothing
    services.complaint_resolve(by=chairman_a, complaint=complaint, resolution="Tài khoản đã sửa; chi lại",
                               retry_payment=True)
    allowance = RetryAllowance.objects.get()
    assert allowance.period == D(2025, 7, 1) and complaint.code in allowance.reason
    september = payment_batch_generate(by=officer_a, program=program, period="2025-09", area=tree["bac_giang"])
    july = september.lines.get(period=D(2025, 7, 1))
    assert july.kind == "retry" and july.amount == failed_twice.amount
    failed_twice.refresh_from_db()
    assert failed_twice.status == "failed"  # the complained-about line itself is never edited


def test_a_retry_is_refused_when_the_month_is_not_waiting(officer_a, chairman_a, tree):
    from payments.services.corrections import payment_retry_allow

    person = make_person(tree["bac_giang"], full_name="Phạm Văn Tư", date_of_birth=D(1940, 1, 1))
    from tests.factories import make_enrollment, make_protection_profile

    make_protection_profile(person, group="NCT_80", status="approved")
    make_enrollment(person, "TCXH_HANG_THANG", start=D(2025, 7, 1))
    program = Program.objects.get(code="TCXH_HANG_THANG")
    july = payment_batch_generate(by=officer_a, program=program, period="2025-07", area=tree["bac_giang"])
    line = july.lines.get()
    with pytest.raises(DomainError, match="lỗi"):  # pending, not failed
        payment_retry_allow(by=chairman_a, payment=line, reason="x")
    july.lines.update(status="failed")
    line.refresh_from_db()
    with pytest.raises(DomainError, match="không chờ quyết định"):  # failed once: the next batch retries anyway
        payment_retry_allow(by=chairman_a, payment=line, reason="x")


def test_complaint_count_in_scope_for_the_so(chairman_a, received, officer_a):
    assert list(complaint_list(user=chairman_a)) == [received]
    assert Complaint.objects.count() == 1


def test_a_complaint_goes_to_whoever_decides_its_subject(officer_a, chairman_a, specialist, leader, tree):
    """A merit profile is the Sở Nội vụ's: the commune receives the letter, the Sở heads it; the chairman reads it."""
    from tests.factories import make_merit_profile

    person = make_person(tree["bac_giang"], full_name="Vũ Văn Công", date_of_birth=D(1950, 1, 1))
    profile = make_merit_profile(person, status="approved")
    complaint = services.complaint_receive(by=officer_a, kind="complaint", channel="letter",
                                           received_on=D(2026, 11, 2), area=tree["bac_giang"],
                                           content="Chưa được điều chỉnh trợ cấp", complainant=person,
                                           merit_profile=profile)
    assert (complaint.level, complaint.agency) == ("province", "noi_vu")
    y_te = make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="cv.yte", agency="y_te")
    for outsider in (chairman_a, y_te):
        with pytest.raises(PermissionDenied, match="Sở Nội vụ"):
            services.complaint_assign(by=outsider, complaint=complaint, assignee=officer_a)
    with pytest.raises(ValidationError):  # another department's staff cannot be given the case
        services.complaint_assign(by=specialist, complaint=complaint, assignee=y_te)
    assigned = services.complaint_assign(by=specialist, complaint=complaint, assignee=officer_a, note="Xác minh")
    assert assigned.assignee == officer_a  # the commune verifies for the Sở
    assert {u.username for u in assignable_users(complaint)} == {"canbo.a", "chutich.a", "chuyenvien", "lanhdao"}
    assert services.complaint_reject(by=leader, complaint=assigned, reason="Đã giải quyết").status == "rejected"


def test_a_complaint_stays_in_the_commune_of_its_subject(chairman_a, specialist, tree, person_a, failed_twice):
    """Filed under another commune, its officer would see the person's ID and payments: refused (400)."""
    for subject in ({"person": person_a}, {"payment": failed_twice}):
        with pytest.raises(ValidationError) as error:
            services.complaint_receive(by=specialist, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                       area=tree["tay_yen_tu"], content="x", complainant_name="A", **subject)
        assert "Phường Bắc Giang" in error.value.message_dict[next(iter(subject))][0]
    ok = services.complaint_receive(by=specialist, kind="complaint", channel="phone", received_on=D(2026, 11, 2),
                                    area=tree["bac_giang"], content="x", complainant_name="A", person=person_a)
    assert ok.area == tree["bac_giang"]
