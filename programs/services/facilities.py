import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import DECIDERS, User
from accounts.scoping import ensure_in_scope, require_role
from beneficiaries.models import Person, ProtectionProfile
from common.audit import acting_as
from common.models import CaseStatus
from programs.models import Admission, Facility


def occupancy_on(facility: Facility, day: datetime.date) -> int:
    return facility.admissions.filter(admitted_on__lte=day).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gt=day)).count()


@transaction.atomic
def admission_create(*, by: User, person: Person, facility: Facility, admitted_on: datetime.date) -> Admission:
    """Admit a social-protection beneficiary to a facility, within its capacity."""
    require_role(by, *DECIDERS)
    ensure_in_scope(by, person.area)
    facility = Facility.objects.select_for_update().get(pk=facility.pk)  # serialises admissions per facility
    errors: dict[str, list[str]] = {}
    if not facility.is_active:
        errors["facility"] = [_("Cơ sở này không còn hoạt động.")]
    elif occupancy_on(facility, admitted_on) >= facility.capacity:
        errors["facility"] = [_("Cơ sở đã đủ %(n)s người: không tiếp nhận thêm.") % {"n": facility.capacity}]
    if not person.is_alive:
        errors["person"] = [_("Người này đã mất.")]
    elif not ProtectionProfile.objects.filter(person=person, status=CaseStatus.APPROVED).exists():
        errors["person"] = [_("Chỉ tiếp nhận đối tượng bảo trợ xã hội có hồ sơ đã được duyệt.")]
    elif person.admissions.filter(discharged_on__isnull=True).exists():
        errors["person"] = [_("Người này đang ở một cơ sở trợ giúp xã hội.")]
    if errors:
        raise ValidationError(errors)
    admission = Admission(person=person, facility=facility, admitted_on=admitted_on, created_by=by)
    with acting_as(by):
        admission.save()
    return admission


@transaction.atomic
def admission_discharge(*, by: User, admission: Admission, discharged_on: datetime.date, reason: str) -> Admission:
    require_role(by, *DECIDERS)
    admission = Admission.objects.select_for_update().select_related("person__area").get(pk=admission.pk)
    ensure_in_scope(by, admission.person.area)
    if admission.discharged_on:
        raise ValidationError({"discharged_on": _("Người này đã ra khỏi cơ sở.")})
    if discharged_on < admission.admitted_on:
        raise ValidationError({"discharged_on": _("Ngày ra phải sau ngày vào cơ sở.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi lý do.")})
    admission.discharged_on = discharged_on
    admission.discharge_reason = reason.strip()
    with acting_as(by):
        admission.save(update_fields=["discharged_on", "discharge_reason", "updated_at"])
    return admission
