"""Demo enrollments and facilities for the demo registry (through the services, like real users)."""

import datetime
import random

from django.db import transaction

from accounts.models import User
from areas.models import Area
from beneficiaries.models import MeritProfile, ProtectionProfile
from common.models import CaseStatus
from programs.authority import deciders_among
from programs.models import Enrollment, Facility, Program
from programs.services import enrollments, facilities

FACILITIES = [
    ("TTBTXH-BN", "Trung tâm Bảo trợ xã hội tỉnh Bắc Ninh", True, 120, "07210"),
    ("TTCTXH-BN", "Trung tâm Công tác xã hội tỉnh Bắc Ninh", True, 80, "07246"),
    ("NDL-TYT", "Nhà dưỡng lão Tây Yên Tử (tư nhân)", False, 30, "07616"),
]


@transaction.atomic
def seed_programs(*, officers: dict[str, User], specialist: User, leader: User, staff: list[User]) -> int:
    """Enrol approved demo profiles and set up facilities; return enrollments created (0 if done before)."""
    if Enrollment.objects.exists():
        return 0
    rng = random.Random(77)
    for code, name, public, capacity, area in FACILITIES:
        Facility.objects.get_or_create(code=code, defaults=dict(name=name, is_public=public, capacity=capacity,
                                                                area=Area.objects.get(code=area)))
    programs = {p.code: p for p in Program.objects.all()}
    created = 0
    approved = [(p, "TCXH_HANG_THANG") for p in ProtectionProfile.objects.filter(status=CaseStatus.APPROVED)]
    approved += [(p, "UU_DAI_HANG_THANG") for p in MeritProfile.objects.filter(status=CaseStatus.APPROVED)]
    seen = set()
    for profile, code in approved:
        person = profile.person
        if (person.pk, code) in seen:
            continue
        seen.add((person.pk, code))
        registrar = officers.get(person.area.code, specialist)
        decider = rng.choice(deciders_among(staff, subject="enrollment", area=person.area, program=programs[code],
                                            exclude=registrar))
        start = datetime.date(2025, rng.randint(1, 12), 1)
        enrollment = enrollments.enrollment_create(by=registrar, person=person, program=programs[code],
                                                   start_date=start)
        created += 1
        if rng.random() < 0.1:
            continue  # left as a draft
        enrollments.enrollment_submit(by=registrar, enrollment=enrollment)
        if rng.random() < 0.15:
            continue  # waiting in the Sở's queue
        enrollments.enrollment_approve(by=decider, enrollment=enrollment, decision_no=f"{rng.randint(1, 999)}/QĐ-SYT",
                                       decision_date=start)
        if code == "TCXH_HANG_THANG":
            bhyt = enrollments.enrollment_create(by=registrar, person=person, program=programs["BHYT_NSNN"],
                                                 start_date=start)
            enrollments.enrollment_submit(by=registrar, enrollment=bhyt)
            enrollments.enrollment_approve(by=rng.choice(deciders_among(
                staff, subject="enrollment", area=person.area, program=programs["BHYT_NSNN"], exclude=registrar)),
                enrollment=bhyt)
            created += 1
    wanting = ProtectionProfile.objects.filter(status=CaseStatus.APPROVED, wants_facility_care=True)
    facility = Facility.objects.get(code="TTBTXH-BN")
    for profile in wanting[:3]:
        facilities.admission_create(by=specialist, person=profile.person, facility=facility,
                                    admitted_on=datetime.date(2026, 3, 1))
    return created
