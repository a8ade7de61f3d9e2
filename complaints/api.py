
import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.masking import mask_record
from accounts.models import User
from beneficiaries import selectors as registry
from beneficiaries.models import MeritProfile, Person, ProtectionProfile
from beneficiaries.serializers import ReasonSerializer, ScopedPrimaryKeyField, TransitionSerializer, area_field
from common.exports import XLSX
from common.filters import AreaCodeFilter
from common.transitions import transitions_of
from common.views import private_file
from complaints import reports, selectors, services
from complaints.models import (
    COMPLAINT_STAFF,
    AttachmentKind,
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintKind,
    ComplaintNote,
    ComplaintStatus,
    Complexity,
)
from housing import selectors as housing_selectors
from housing.models import HousingCase
from indicators.services import resolve
from payments import selectors as payment_selectors
from payments.models import Payment
from programs import selectors as program_selectors
from programs.models import Enrollment


class ComplaintSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    area = serializers.CharField(source="area.code")
    assignee = serializers.CharField(source="assignee.username", default=None, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    complainant = serializers.PrimaryKeyRelatedField(read_only=True)
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    merit_profile = serializers.PrimaryKeyRelatedField(read_only=True)
    protection_profile = serializers.PrimaryKeyRelatedField(read_only=True)
    enrollment = serializers.PrimaryKeyRelatedField(read_only=True)
    payment = serializers.PrimaryKeyRelatedField(read_only=True)
    housing_case = serializers.PrimaryKeyRelatedField(read_only=True)
    deadline_basis = serializers.CharField(source="deadline_rule.legal_basis", read_only=True)
    extensions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ("id", "code", "kind", "channel", "received_on", "second_round", "accept_due_on", "accepted_on",
                  "complexity", "remote", "due_on", "deadline_basis", "extensions", "is_overdue", "area",
                  "complainant",
                  "complainant_name", "complainant_id_number", "complainant_address", "complainant_phone",
                  "content", "person", "merit_profile", "protection_profile", "enrollment", "payment",
                  "housing_case", "level", "agency", "status", "status_reason", "assignee", "resolution", "decision_no",
                  "decision_date", "transferred_to", "closed_on", "created_at", "updated_at")
        read_only_fields = fields

    def get_extensions(self, complaint) -> list[dict]:
        return [{"previous_due_on": x.previous_due_on, "due_on": x.due_on, "reason": x.reason,
                 "by": x.by.username, "at": x.at} for x in complaint.extensions.all()]

    def to_representation(self, complaint):
        request = self.context.get("request")
        return mask_record(request.user if request else None, super().to_representation(complaint))


class AcceptSerializer(serializers.Serializer):
    accepted_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="mặc định: hôm nay")
    complexity = serializers.ChoiceField(choices=Complexity.choices, required=False, default="")


class ExtendSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    complexity = serializers.ChoiceField(choices=Complexity.choices, required=False, default="",
                                         help_text="mặc định: mức đã ghi khi thụ lý")


def _scoped(selector, model):
    return ScopedPrimaryKeyField(selector, model, required=False, allow_null=True, default=None)


class ReceiveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ComplaintKind.choices)
    second_round = serializers.BooleanField(required=False, default=False, help_text="khiếu nại lần hai")
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_on = serializers.DateField()
    area = area_field()
    content = serializers.CharField(max_length=10_000)
    complainant = _scoped(registry.person_list, Person)
    complainant_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    complainant_id_number = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    complainant_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    complainant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    person = _scoped(registry.person_list, Person)
    merit_profile = _scoped(registry.merit_profile_list, MeritProfile)
    protection_profile = _scoped(registry.protection_profile_list, ProtectionProfile)
    enrollment = _scoped(program_selectors.enrollment_list, Enrollment)
    payment = _scoped(payment_selectors.payment_list, Payment)
    housing_case = _scoped(housing_selectors.housing_case_list, HousingCase)


class AssignSerializer(serializers.Serializer):
    assignee = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=10_000)
    decision_no = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_file = serializers.FileField(required=False, allow_null=True, default=None)
    retry_payment = serializers.BooleanField(
        required=False, default=False,
        help_text="Cho bảng chi trả kế tiếp chi lại tháng của dòng chi trả bị khiếu nại (sau hai lần lỗi).")


class TransferSerializer(serializers.Serializer):
    transferred_to = serializers.CharField(max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True)

    class Meta:
        model = ComplaintNote
        fields = ("id", "text", "by", "at")
        read_only_fields = ("id", "by", "at")


class AttachmentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField(help_text="tải lên: tệp; đọc: đường dẫn tải về qua API (có kiểm tra phạm vi)")

    class Meta:
        model = ComplaintAttachment
        fields = ("id", "kind", "title", "file", "size", "created_at")
        read_only_fields = ("id", "size", "created_at")

    def to_representation(self, attachment):
        data = super().to_representation(attachment)
        data["file"] = reverse("complaint-attachment-download", args=[attachment.complaint_id, attachment.pk],
                               request=self.context.get("request"))
        return data


class PaymentLineSerializer(serializers.ModelSerializer):
    batch_status = serializers.CharField(source="batch.status")
    period = serializers.DateField(format="%Y-%m")

    class Meta:
        model = Payment
        fields = ("id", "reference", "batch", "batch_status", "period", "kind", "amount", "channel", "status",
                  "paid_at", "failure_reason", "created_at")
        read_only_fields = fields


class PaymentHistorySerializer(serializers.Serializer):
    lines = PaymentLineSerializer(many=True)
    retry_allowances = serializers.ListField(child=serializers.DictField())
    waiting_for_decision = serializers.BooleanField()


class ComplaintFilter(django_filters.FilterSet):
    area = AreaCodeFilter()
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ComplaintKind.choices)
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    assignee = django_filters.CharFilter(field_name="assignee__username")
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="filter_q", label="Họ tên người gửi hoặc số đơn")

    class Meta:
        model = Complaint
        fields = ["area", "status", "kind", "overdue", "assignee", "received_from", "received_to", "q"]

    def filter_q(self, queryset, name, value):
        return selectors.complaint_search(queryset, value)


AREA = OpenApiParameter("area", str, description="mã đơn vị (mặc định: địa bàn của người dùng)")
MONTH = OpenApiParameter("month", str, description="YYYY-MM (mặc định: tháng này)")
OUTPUT = OpenApiParameter("output", str, enum=["xlsx", "pdf"], description="mặc định: xlsx")


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints, denunciations and requests: create = receive; actions accept, extend, assign, start, resolve, reject,
    transfer, notes, attachments, transitions, payment-history; ``report`` is the monthly report."""

    write_roles = COMPLAINT_STAFF
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    queryset = Complaint.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.complaint_list(user=self.request.user)

    def _input(self, serializer_class):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    def _respond(self, complaint, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=complaint.pk)).data, status=code)

    @extend_schema(request=ReceiveSerializer)
    def create(self, request):
        complaint = services.complaint_receive(by=request.user, **self._input(ReceiveSerializer))
        return self._respond(complaint, status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        complaint = self.get_object()
        return self._respond(services.complaint_assign(by=request.user, complaint=complaint,
                                                       **self._input(AssignSerializer)))

    @extend_schema(request=AcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept (thụ lý) a complaint or denunciation: the settlement deadline runs from that day."""
        complaint = self.get_object()
        return self._respond(services.complaint_accept(by=request.user, complaint=complaint,
                                                       **self._input(AcceptSerializer)))

    @extend_schema(request=ExtendSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Extend an accepted denunciation (once if complicated, twice if especially complicated), with a reason."""
        complaint = self.get_object()
        services.ensure_manager(complaint, request.user)  # whoever heads the case: refused before the input is read
        return self._respond(services.complaint_extend(by=request.user, complaint=complaint,
                                                       **self._input(ExtendSerializer)))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._respond(services.complaint_start(by=request.user, complaint=self.get_object()))

    @extend_schema(request=ResolveSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        complaint = self.get_object()
        return self._respond(services.complaint_resolve(by=request.user, complaint=complaint,
                                                        **self._input(ResolveSerializer)))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        complaint = self.get_object()
        return self._respond(services.complaint_reject(by=request.user, complaint=complaint,
                                                       **self._input(ReasonSerializer)))

    @extend_schema(request=TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        complaint = self.get_object()
        return self._respond(services.complaint_transfer(by=request.user, complaint=complaint,
                                                         **self._input(TransferSerializer)))

    @extend_schema(request=NoteSerializer, responses=NoteSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def notes(self, request, pk=None):
        """Work notes, oldest first; POST adds one (``text``)."""
        complaint = self.get_object()
        if request.method == "POST":
            services.complaint_note_add(by=request.user, complaint=complaint, **self._input(NoteSerializer))
        return Response(NoteSerializer(complaint.notes.select_related("by"), many=True).data,
                        status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK)

    @extend_schema(request={"multipart/form-data": AttachmentSerializer}, responses=AttachmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def attachments(self, request, pk=None):
        """The letter, evidence and decision files; POST (multipart) adds one (``kind``, ``file``, ``title``)."""
        complaint = self.get_object()
        if request.method == "POST":
            services.complaint_attach(by=request.user, complaint=complaint, **self._input(AttachmentSerializer))
        return Response(AttachmentSerializer(complaint.attachments.all(), many=True,
                                             context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_pk>\d+)",
            url_name="attachment-download")
    def attachment_download(self, request, pk=None, attachment_pk=None):
        """One attached file, for a user in scope (not the viewer: 403)."""
        complaint = self.get_object()
        attachment = get_object_or_404(complaint.attachments, pk=attachment_pk)
        return private_file(request, attachment.file, what="complaint_attachment", object_id=attachment.pk,
                            person_id=complaint.person_id)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(TransitionSerializer(transitions_of(self.get_object()), many=True).data)

    @extend_schema(responses=PaymentHistorySerializer)
    @action(detail=True, methods=["get"], url_path="payment-history")
    def payment_history(self, request, pk=None):
        """Every line of the complained-about payment's month, and the retries a person allowed (404 without one)."""
        complaint = self.get_object()
        if complaint.payment_id is None:
            return Response({"detail": "Đơn không gắn với dòng chi trả nào."}, status=status.HTTP_404_NOT_FOUND)
        lines, allowances = payment_selectors.month_history(complaint.payment)
        return Response({
            "lines": PaymentLineSerializer(lines, many=True).data,
            "retry_allowances": [{"granted_at": a.granted_at, "granted_by": a.granted_by.username,
                                  "reason": a.reason} for a in allowances],
            "waiting_for_decision": payment_selectors.waiting_for_a_person(complaint.payment)})

    @extend_schema(parameters=[AREA, MONTH, OUTPUT], responses={(200, XLSX): bytes, (200, "application/pdf"): bytes})
    @action(detail=False, methods=["get"])
    def report(self, request):
        """Monthly report of the user's area: received / resolved / closed otherwise / overdue by commune and kind."""
        month = selectors.report_month(request.query_params.get("month"))
        # not ``format``: DRF reads that one as the renderer to use
        fmt = request.query_params.get("output", "xlsx")
        if fmt not in ("xlsx", "pdf"):
            raise ValidationError({"output": ["xlsx hoặc pdf."]})
        area, _ = resolve(request.user, request.query_params.get("area"), None)
        return reports.report_download(area, month, fmt)

