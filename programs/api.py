import datetime

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import DECIDERS
from beneficiaries.api import RegistryViewSet
from beneficiaries.serializers import TransitionSerializer
from common.api import WorkflowActionsMixin, workflow_schema
from common.exceptions import DomainError
from common.forms import parse_day
from common.transitions import transitions_of
from programs import selectors
from programs.calculator import explain, month_start
from programs.filters import AdmissionFilter, EnrollmentFilter
from programs.models import Admission, BenefitRule, Enrollment, Facility, Program
from programs.serializers import (
    AdmissionSerializer,
    AdmissionWriteSerializer,
    AmountSerializer,
    BenefitRuleSerializer,
    DischargeSerializer,
    EnrollmentSerializer,
    EnrollmentWriteSerializer,
    FacilitySerializer,
    ProgramSerializer,
)
from programs.services import enrollments, facilities


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Programs; ``rules/?on=YYYY-MM-DD`` lists the rules in force on a day. Changed in the admin."""

    serializer_class = ProgramSerializer
    lookup_field = "code"
    queryset = Program.objects.none()

    def get_queryset(self):
        return selectors.program_list()

    @extend_schema(parameters=[OpenApiParameter("on", datetime.date)], responses=BenefitRuleSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rules(self, request, code=None):
        day = _parse_day(request.query_params.get("on"))
        return Response(BenefitRuleSerializer(selectors.rules_in_force(self.get_object(), day), many=True).data)


def _parse_day(value: str | None) -> datetime.date:
    if not value:
        return timezone.localdate()
    try:
        return parse_day(value)
    except ValueError as exc:
        raise DomainError(str(exc), code="bad_date") from exc


@extend_schema_view(**workflow_schema(enrollments.WORKFLOW))
class EnrollmentViewSet(WorkflowActionsMixin, RegistryViewSet):
    case_kind = enrollments.WORKFLOW
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentFilter
    selector = staticmethod(selectors.enrollment_list)
    write_serializer_class = EnrollmentWriteSerializer
    queryset = Enrollment.objects.none()

    @extend_schema(request=EnrollmentWriteSerializer)
    def create(self, request):
        enrollment = enrollments.enrollment_create(by=request.user, **self.read_input())
        return self.respond(enrollment, status.HTTP_201_CREATED)

    @extend_schema(request=EnrollmentWriteSerializer)
    def partial_update(self, request, pk=None):
        enrollment = self.get_object()
        data = self.read_input(partial=True)
        return self.respond(enrollments.enrollment_update(
            by=request.user, enrollment=enrollment, start_date=data.get("start_date"),
            end_date=data.get("end_date", enrollment.end_date)))

    @extend_schema(parameters=[OpenApiParameter("period", str, required=True, description="YYYY-MM")],
                   responses=AmountSerializer)
    @action(detail=True, methods=["get"])
    def amount(self, request, pk=None):
        """What this enrollment pays for a month, and the rules that gave the amount."""
        period = request.query_params.get("period", "")
        result = explain(self.get_object(), month_start(period))
        rules = BenefitRule.objects.filter(pk__in=result.rule_ids).order_by("pk")
        return Response({
            "period": period, "amount": None if result.problems else result.amount, "computed": result.computed,
            "rules": list(result.rule_ids),
            "paid_rules": [{"id": r.pk, "code": r.code, "component": r.component, "note": r.note, "mark": r.mark,
                            "merit_category": r.merit_category_id, "protection_group": r.protection_group_id,
                            "legal_basis": r.legal_basis} for r in rules],
            "problems": [i.as_dict() for i in result.problems], "notes": [i.as_dict() for i in result.notes]})

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(TransitionSerializer(transitions_of(self.get_object()), many=True).data)


class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Social assistance facilities with today's occupancy (public information)."""

    serializer_class = FacilitySerializer
    queryset = Facility.objects.none()
    filterset_fields = ["is_public", "is_active"]

    def get_queryset(self):
        return selectors.facility_list()


class AdmissionViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    write_roles = DECIDERS
    serializer_class = AdmissionSerializer
    filterset_class = AdmissionFilter
    queryset = Admission.objects.none()

    def get_queryset(self):
        return selectors.admission_list(user=self.request.user)

    @extend_schema(request=AdmissionWriteSerializer)
    def create(self, request):
        serializer = AdmissionWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        admission = facilities.admission_create(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(admission).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DischargeSerializer)
    @action(detail=True, methods=["post"])
    def discharge(self, request, pk=None):
        admission = self.get_object()  # out of scope: 404 before the input is read
        serializer = DischargeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        admission = facilities.admission_discharge(by=request.user, admission=admission, **serializer.validated_data)
        return Response(self.get_serializer(admission).data)
