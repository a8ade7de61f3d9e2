"""Complaints, denunciations and requests about how social policy is applied (docs/complaints.md)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import REGISTRARS, Agency, Role
from areas.models import Area
from beneficiaries.models import MeritProfile, Person, ProtectionProfile
from common.models import BaseModel
from housing.models import HousingCase
from payments.models import Payment
from programs.models import DecisionLevel, Enrollment

# Who works on complaints: those who register cases, and the commune chairman, who heads the commune's cases.
COMPLAINT_STAFF = (*REGISTRARS, Role.COMMUNE_LEADER)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    PHONE = "phone", _("Điện thoại")
    LETTER = "letter", _("Đơn thư gửi qua bưu điện")
    ONLINE = "online", _("Trực tuyến")
    TRANSFERRED = "transferred", _("Cơ quan khác chuyển đến")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    REQUEST = "request", _("Kiến nghị, phản ánh")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
    REJECTED = "rejected", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")


class DeadlineStep(models.TextChoices):
    ACCEPT = "accept", _("Thụ lý (tính từ ngày nhận)")
    RESOLVE = "resolve", _("Giải quyết (từ ngày thụ lý; kiến nghị: từ ngày nhận)")
    EXTEND = "extend", _("Gia hạn (mỗi lần)")


class Complexity(models.TextChoices):
    NORMAL = "", _("Bình thường")
    COMPLICATED = "complicated", _("Phức tạp")
    ESPECIALLY = "especially", _("Đặc biệt phức tạp")


ACCEPTED_KINDS = (ComplaintKind.COMPLAINT, ComplaintKind.DENUNCIATION)  # a step of acceptance (thụ lý) first

OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED, ComplaintStatus.IN_PROGRESS)
CLOSED = (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED, ComplaintStatus.TRANSFERRED)


@pghistory.track()
class DeadlineRule(models.Model):
    """How long one step of one kind of case may take (effective-dated).

    Complaints and denunciations are accepted (thụ lý) within a limit from receipt, then settled within a limit
    from acceptance, longer for complicated cases, remote areas and second complaints; a denunciation may be
    extended ``times`` times by ``days``. Requests are settled within a limit from receipt.
    """

    kind = models.CharField(_("loại đơn"), max_length=12, choices=ComplaintKind.choices)
    step = models.CharField(_("bước"), max_length=8, choices=DeadlineStep.choices, default=DeadlineStep.RESOLVE)
    complexity = models.CharField(_("mức độ"), max_length=12, choices=Complexity.choices, blank=True, default="")
    remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    second_round = models.BooleanField(_("khiếu nại lần hai"), default=False)
    times = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=1,
                                             help_text=_("Chỉ dùng cho bước gia hạn."))
    days = models.PositiveSmallIntegerField(_("số ngày"))
    count_weekends = models.BooleanField(
        _("tính cả thứ Bảy, Chủ nhật"), default=True,
        help_text=_("Bỏ chọn để chỉ đếm ngày làm việc (thứ Hai – thứ Sáu)."))
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        verbose_name = _("thời hạn giải quyết")
        verbose_name_plural = _("thời hạn giải quyết")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "step", "complexity", "remote", "second_round", "valid_from"],
                                    name="deadline_one_rule_per_case_and_day"),
            models.CheckConstraint(condition=Q(days__gt=0), name="deadline_days_positive"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="deadline_valid_to_after_from"),
        ]

    def __str__(self):
        unit = _("ngày") if self.count_weekends else _("ngày làm việc")
        case = [str(self.get_step_display()).split(" (")[0].lower()]
        if self.complexity:
            case.append(str(self.get_complexity_display()).lower())
        if self.remote:
            case.append(str(_("vùng sâu, vùng xa")))
        if self.second_round:
            case.append(str(_("lần hai")))
        return f"{self.get_kind_display()}, {', '.join(case)}: {self.days} {unit} ({self.legal_basis})"


class Holiday(models.Model):
    """A public holiday or a day off the Government moved (Bộ luật Lao động 2019, Điều 112), entered each year.

    Deadlines counted in working days skip these days, and a deadline that falls on one moves to the
    next working day.
    """

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=100)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, tết")
        verbose_name_plural = _("ngày nghỉ lễ, tết")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


@pghistory.track()
class Complaint(BaseModel):
    TRANSITIONS = {
        ComplaintStatus.RECEIVED: {ComplaintStatus.ASSIGNED, ComplaintStatus.REJECTED, ComplaintStatus.TRANSFERRED},
        # assigned → assigned: handed to someone else
        ComplaintStatus.ASSIGNED: {ComplaintStatus.ASSIGNED, ComplaintStatus.IN_PROGRESS, ComplaintStatus.REJECTED,
                                   ComplaintStatus.TRANSFERRED},
        ComplaintStatus.IN_PROGRESS: {ComplaintStatus.ASSIGNED, ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED,
                                      ComplaintStatus.TRANSFERRED},
    }

    kind = models.CharField(_("loại đơn"), max_length=12, choices=ComplaintKind.choices)
    channel = models.CharField(_("hình thức tiếp nhận"), max_length=12, choices=Channel.choices)
    received_on = models.DateField(_("ngày tiếp nhận"))
    area = models.ForeignKey(Area, verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+")
    # The complainant: a registered person, or the name and contact as written on the letter.
    complainant = models.ForeignKey(Person, verbose_name=_("người gửi (đã có trong hệ thống)"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="complaints_made")
    complainant_name = models.CharField(_("họ tên người gửi"), max_length=150)
    complainant_id_number = models.CharField(_("số định danh người gửi"), max_length=12, blank=True)
    complainant_address = models.CharField(_("địa chỉ người gửi"), max_length=300, blank=True)
    complainant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    content = models.TextField(_("nội dung"))
    # What it is about: any of these, or none.
    person = models.ForeignKey(Person, verbose_name=_("về người"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="complaints")
    merit_profile = models.ForeignKey(MeritProfile, verbose_name=_("về hồ sơ người có công"),
                                      on_delete=models.PROTECT, null=True, blank=True, related_name="complaints")
    protection_profile = models.ForeignKey(ProtectionProfile, verbose_name=_("về hồ sơ bảo trợ xã hội"),
                                           on_delete=models.PROTECT, null=True, blank=True, related_name="complaints")
    enrollment = models.ForeignKey(Enrollment, verbose_name=_("về quyết định hưởng"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="complaints")
    payment = models.ForeignKey(Payment, verbose_name=_("về dòng chi trả"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="complaints")
    housing_case = models.ForeignKey(HousingCase, verbose_name=_("về hồ sơ nhà ở"), on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="complaints")
    status = models.CharField(_("trạng thái"), max_length=12, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED, db_index=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    second_round = models.BooleanField(_("khiếu nại lần hai"), default=False)
    accept_due_on = models.DateField(_("hạn thụ lý"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    complexity = models.CharField(_("mức độ phức tạp"), max_length=12, choices=Complexity.choices, blank=True,
                                  default="")
    remote = models.BooleanField(_("vùng sâu, vùng xa (ngày thụ lý)"), default=False)
    # the next deadline: acceptance until accepted, then settlement (with extensions)
    due_on = models.DateField(_("hạn giải quyết"), db_index=True)
    deadline_rule = models.ForeignKey(DeadlineRule, verbose_name=_("căn cứ thời hạn"), on_delete=models.PROTECT)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được giao"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="complaints_assigned")
    resolution = models.TextField(_("kết quả giải quyết"), blank=True)
    decision_no = models.CharField(_("số văn bản/quyết định giải quyết"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    transferred_to = models.CharField(_("chuyển đến cơ quan"), max_length=200, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    # Who handles it, from the decision table on the day it was received: the commune (its chairman) for what
    # the commune decides and for a complaint about no particular case, else the Sở that owns the subject.
    level = models.CharField(_("cấp giải quyết"), max_length=10, choices=DecisionLevel.choices,
                             default=DecisionLevel.COMMUNE)
    agency = models.CharField(_("cơ quan chủ quản"), max_length=8, choices=Agency.choices, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tiếp nhận"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("đơn khiếu nại, tố cáo, kiến nghị")
        verbose_name_plural = _("đơn khiếu nại, tố cáo, kiến nghị")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")),
                                   name="complaint_due_after_received"),
            models.CheckConstraint(condition=Q(status__in=CLOSED, closed_on__isnull=False)
                                   | Q(~Q(status__in=CLOSED), closed_on__isnull=True),
                                   name="complaint_closed_on_iff_closed"),
            models.CheckConstraint(condition=~Q(status=ComplaintStatus.RESOLVED) | ~Q(resolution=""),
                                   name="complaint_resolved_has_resolution"),
            models.CheckConstraint(condition=Q(level="commune") | ~Q(agency=""),
                                   name="complaint_province_level_has_agency"),
        ]
        indexes = [models.Index(fields=["area", "received_on"], name="complaint_area_received")]

    def __str__(self):
        return f"{self.code} — {self.complainant_name}"

    @property
    def code(self) -> str:
        return f"KN{self.received_on:%Y}-{self.pk:06d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def needs_acceptance(self) -> bool:
        return self.kind in ACCEPTED_KINDS and self.accepted_on is None


@pghistory.track()
class ComplaintExtension(models.Model):
    """One extension of a denunciation's deadline (Luật Tố cáo 2018, Điều 30), with its reason."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("đơn"), on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField(_("lý do gia hạn"))
    previous_due_on = models.DateField(_("hạn trước"))
    due_on = models.DateField(_("hạn mới"))
    rule = models.ForeignKey(DeadlineRule, verbose_name=_("căn cứ"), on_delete=models.PROTECT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("gia hạn giải quyết")
        verbose_name_plural = _("gia hạn giải quyết")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.complaint_id}: {self.previous_due_on:%d/%m/%Y} → {self.due_on:%d/%m/%Y}"


@pghistory.track()
class ComplaintNote(models.Model):
    complaint = models.ForeignKey(Complaint, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("ghi chú"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ghi chú xử lý")
        verbose_name_plural = _("ghi chú xử lý")
        ordering = ["at", "id"]

    def __str__(self):
        return self.text[:60]


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("Đơn, thư")
    EVIDENCE = "evidence", _("Tài liệu, chứng cứ")
    MINUTES = "minutes", _("Biên bản làm việc")
    DECISION = "decision", _("Văn bản, quyết định giải quyết")
    OTHER = "other", _("Khác")


def attachment_path(instance, filename):
    return f"complaints/{instance.complaint_id}/{filename}"


@pghistory.track()
class ComplaintAttachment(BaseModel):
    complaint = models.ForeignKey(Complaint, verbose_name=_("đơn"), on_delete=models.PROTECT,
                                  related_name="attachments")
    kind = models.CharField(_("loại"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("mô tả"), max_length=200, blank=True)
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title or self.get_kind_display()
