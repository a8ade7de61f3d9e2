"""A few demo complaints at different stages (through the services), one about a failed payment line."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from beneficiaries.models import Person
from complaints import services
from complaints.models import Complaint
from payments.models import Payment, PaymentStatus


@transaction.atomic
def seed_complaints(*, officers: dict[str, User], staff: list[User]) -> int:
    if Complaint.objects.exists():
        return 0
    today = timezone.localdate()
    created = 0
    for code, officer in sorted(officers.items()):
        persons = list(Person.objects.filter(area=officer.area).order_by("id")[:3])
        if len(persons) < 3:
            continue
        failed = Payment.objects.filter(person__area=officer.area, status=PaymentStatus.FAILED).first()
        # 1. Old and never assigned: overdue on the dashboard.
        services.complaint_receive(
            by=officer, kind="request", channel="letter", received_on=today - datetime.timedelta(days=40),
            area=officer.area, complainant=persons[0], person=persons[0],
            content="Đề nghị xem xét cho hưởng trợ cấp xã hội hằng tháng vì đã đủ 80 tuổi.")
        # 2. About a payment the bank refused: assigned and being worked.
        subject = {"payment": failed} if failed else {"person": persons[1]}
        complaint = services.complaint_receive(
            by=officer, kind="complaint", channel="in_person", received_on=today - datetime.timedelta(days=5),
            area=officer.area, complainant=failed.person if failed else persons[1],
            content="Chưa nhận được tiền trợ cấp tháng này qua tài khoản ngân hàng.", **subject)
        services.complaint_assign(by=_head(staff, complaint), complaint=complaint, assignee=officer,
                                  note="Xác minh với ngân hàng và gia đình.")
        services.complaint_start(by=officer, complaint=complaint)
        services.complaint_accept(by=officer, complaint=complaint, accepted_on=today - datetime.timedelta(days=3))
        services.complaint_note_add(by=officer, complaint=complaint,
                                    text="Ngân hàng báo tài khoản không tồn tại; đã đề nghị gia đình cung cấp lại.")
        # 3. Resolved.
        done = services.complaint_receive(
            by=officer, kind="complaint", channel="phone", received_on=today - datetime.timedelta(days=20),
            area=officer.area, complainant_name="Hoàng Văn Toàn", complainant_phone="0912000111",
            person=persons[2], content="Mức trợ cấp thấp hơn quyết định đã nhận.")
        services.complaint_assign(by=_head(staff, done), complaint=done, assignee=officer)
        services.complaint_start(by=officer, complaint=done)
        services.complaint_accept(by=officer, complaint=done, accepted_on=today - datetime.timedelta(days=18))
        services.complaint_resolve(by=officer, complaint=done, decision_no=f"15/TB-UBND-{code}",
                                   resolution="Mức chi đúng theo hệ số và mức chuẩn hiện hành; đã giải thích "
                                              "cho người dân.")
        created += 3
    return created


def _head(staff: list[User], complaint) -> User:
    """Whoever heads the case (the commune's chairman, or the owning Sở), as the routing says."""
    return next(u for u in staff if services.manages(u, complaint))
