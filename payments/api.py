import django_filters
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.masking import mask_record
from accounts.readlog import EXPORT, record_read
from areas.models import Area
from beneficiaries.serializers import ReasonSerializer
from payments import selectors
from payments.models import BatchExclusion, Payment, PaymentBatch, PaymentStatus
from payments.services import bank_files, batches
from programs.authority import BATCH_ROLES
from programs.calculator import month_start
from programs.models import Program


class ExclusionSerializer(serializers.ModelSerializer):
    excluded_by = serializers.CharField(source="excluded_by.username")

    class Meta:
        model = BatchExclusion
        fields = ("enrollment", "person", "reason", "excluded_by", "excluded_at")
        read_only_fields = fields


class PaymentBatchSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    area = serializers.CharField(source="area.code")
    period = serializers.DateField(format="%Y-%m")
    generated_by = serializers.CharField(source="generated_by.username")
    approved_by = serializers.CharField(source="approved_by.username", default=None)
    problems = serializers.IntegerField(source="problem_count", help_text=(
        "Persons with a month the rules cannot answer, not excluded: the batch cannot be approved while > 0; "
        "who and why in summary.problems."))
    exclusions = ExclusionSerializer(many=True)

    class Meta:
        model = PaymentBatch
        fields = ("id", "program", "period", "area", "status", "status_reason", "generated_by", "generated_at",
                  "approved_by", "approved_at", "exported_at", "line_count", "total_amount", "cashless_amount",
                  "cash_amount", "paid_amount", "failed_amount", "problems", "exclusions", "summary")
        read_only_fields = fields


class ExcludeSerializer(serializers.Serializer):
    enrollment = serializers.IntegerField()
    reason = serializers.CharField(max_length=1000)


class GenerateSerializer(serializers.Serializer):
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    period = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", help_text="YYYY-MM")
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())


class PaymentSerializer(serializers.ModelSerializer):
    batch = serializers.PrimaryKeyRelatedField(read_only=True)
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="person.full_name")
    enrollment = serializers.PrimaryKeyRelatedField(read_only=True)
    period = serializers.DateField(format="%Y-%m")

    class Meta:
        model = Payment
        fields = ("id", "reference", "batch", "enrollment", "person", "full_name", "period", "kind", "amount",
                  "channel", "bank_code", "account_number", "account_holder", "status", "bank_transaction_id",
                  "paid_at", "failure_reason", "rule_ids")
        read_only_fields = fields

    def to_representation(self, line):
        request = self.context.get("request")
        return mask_record(request.user if request else None, super().to_representation(line))


class PaymentFilter(django_filters.FilterSet):
    batch = django_filters.NumberFilter(field_name="batch_id")
    person = django_filters.NumberFilter(field_name="person_id")
    status = django_filters.ChoiceFilter(choices=PaymentStatus.choices)
    period = django_filters.CharFilter(method="filter_period", label="YYYY-MM")

    class Meta:
        model = Payment
        fields = ["batch", "person", "status", "period"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=month_start(value))


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class FileFormatNegotiation(DefaultContentNegotiation):
    """On the bank-file export ``?format=csv|xlsx`` names the file, not a renderer: DRF would answer 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PaymentBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly payment batches: create = generate; then approve, export, reconcile (or cancel a draft)."""

    write_roles = BATCH_ROLES  # which batch, which step: the decision table (programs.authority)

    serializer_class = PaymentBatchSerializer
    queryset = PaymentBatch.objects.none()
    filterset_fields = ["status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.batch_list(user=self.request.user)

    def perform_content_negotiation(self, request, force=False):
        if getattr(self, "action", None) == "export":
            return FileFormatNegotiation().select_renderer(request, self.get_renderers())
        return super().perform_content_negotiation(request, force)

    @extend_schema(request=GenerateSerializer, responses={201: PaymentBatchSerializer})
    def create(self, request):
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = batches.payment_batch_generate(by=request.user, **data.validated_data)
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    def _respond(self, batch):
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        return self._respond(batches.payment_batch_regenerate(by=request.user, batch=self.get_object()))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(batches.payment_batch_approve(by=request.user, batch=self.get_object()))

    @extend_schema(request=ExcludeSerializer)
    @action(detail=True, methods=["post"])
    def exclude(self, request, pk=None):
        """Leave a person whose month the rules cannot answer out of this draft batch, with a reason."""
        batch = self.get_object()
        data = ExcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(batches.payment_batch_exclude(
            by=request.user, batch=batch, enrollment_id=data.validated_data["enrollment"],
            reason=data.validated_data["reason"]))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(batches.payment_batch_cancel(by=request.user, batch=self.get_object(),
                                                          **data.validated_data))

    @extend_schema(request=None, parameters=[OpenApiParameter("format", str, enum=["csv", "xlsx"]),
                                             OpenApiParameter("channel", str, enum=["cashless", "cash"])],
                   responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["post"])
    def export(self, request, pk=None):
        """The bank file itself (CSV by default, ``?format=xlsx``); ``?channel=cash`` gives the cash list."""
        name, content_type, body = bank_files.payment_batch_export(
            by=request.user, batch=self.get_object(), fmt=request.query_params.get("format", "csv"),
            channel=request.query_params.get("channel", "cashless"))
        record_read(request, EXPORT, "bank_file", object_id=int(pk), filters=dict(request.query_params.items()))
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses=PaymentBatchSerializer)
    @action(detail=True, methods=["post"])
    def reconcile(self, request, pk=None):
        """Upload the bank's results (CSV or XLSX: reference,status,bank_transaction_id,reason,paid_at)."""
        batch = self.get_object()  # out of scope: 404 before the input is read
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        result = bank_files.payment_batch_reconcile(by=request.user, batch=batch, filename=upload.name,
                                                    content=upload.read())
        body = self.get_serializer(self.get_queryset().get(pk=result.batch.pk)).data
        return Response({**body, "result": {"paid": result.paid, "failed": result.failed,
                                            "unchanged": result.unchanged}})


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Payment lines, filtered by ``batch``, ``person``, ``status``, ``period`` (YYYY-MM)."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    queryset = Payment.objects.none()

    def get_queryset(self):
        return selectors.payment_list(user=self.request.user)
