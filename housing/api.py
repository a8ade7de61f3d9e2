import django_filters
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import REGISTRARS
from accounts.readlog import DOWNLOAD, record_read
from beneficiaries import selectors as registry
from beneficiaries.models import Household, Person
from beneficiaries.serializers import ReasonSerializer, ScopedPrimaryKeyField, TransitionSerializer
from common.filters import AreaCodeFilter
from common.transitions import transitions_of
from housing import selectors, services
from housing.models import (
    Disbursement,
    FundingSourceKind,
    HousingCase,
    HousingStatus,
    HousingTarget,
    SupportLevel,
    SupportType,
)
from housing.pdf import decision_pdf


class FundingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSourceKind.choices)
    amount = serializers.IntegerField(min_value=1)


class HousingCaseSerializer(serializers.ModelSerializer):
    household = serializers.PrimaryKeyRelatedField(read_only=True)
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="person.full_name")
    area = serializers.CharField(source="household.area.code")
    support_level = serializers.CharField(source="support_level.code")
    default_amount = serializers.SerializerMethodField()
    funding = FundingSerializer(many=True, read_only=True)
    disbursed = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = HousingCase
        fields = ("id", "household", "person", "full_name", "area", "target", "support_type", "support_level",
                  "default_amount", "status", "status_reason", "current_condition", "floor_area", "estimated_cost",
                  "surveyed_on", "approved_amount", "amount_reason", "decision_no", "decision_date", "started_on",
                  "completed_on", "funding", "disbursed", "created_at", "updated_at")
        read_only_fields = fields

    def get_default_amount(self, obj) -> int:
        return obj.support_level.default_amount(obj.support_type)


class ProposeSerializer(serializers.Serializer):
    household = ScopedPrimaryKeyField(registry.household_list, Household)
    person = ScopedPrimaryKeyField(registry.person_list, Person)
    target = serializers.ChoiceField(choices=HousingTarget.choices)
    support_type = serializers.ChoiceField(choices=SupportType.choices)
    support_level = serializers.SlugRelatedField(slug_field="code", queryset=SupportLevel.objects.all(),
                                                 required=False, allow_null=True, default=None)


class HousingSurveySerializer(serializers.Serializer):
    current_condition = serializers.CharField()
    floor_area = serializers.DecimalField(max_digits=7, decimal_places=1, min_value=0)
    estimated_cost = serializers.IntegerField(min_value=1)
    surveyed_on = serializers.DateField()


class HousingApproveSerializer(serializers.Serializer):
    funding = FundingSerializer(many=True)
    approved_amount = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    amount_reason = serializers.CharField(required=False, allow_blank=True, default="")
    decision_no = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)


class HousingStartSerializer(serializers.Serializer):
    started_on = serializers.DateField()


class HousingCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ("id", "amount", "paid_on", "source", "is_advance", "note", "created_at")
        read_only_fields = ("id", "created_at")


class HousingCaseFilter(django_filters.FilterSet):
    area = AreaCodeFilter(area_field="household__area")
    status = django_filters.ChoiceFilter(choices=HousingStatus.choices)
    target = django_filters.ChoiceFilter(choices=HousingTarget.choices)
    # A whole year in a sensible range: a float or year 0 would fail in the database (found by fuzzing).
    year = django_filters.NumberFilter(field_name="created_at__year", min_value=2000, max_value=2100,
                                       decimal_places=0)

    class Meta:
        model = HousingCase
        fields = ["area", "status", "target", "year"]


class HousingCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Housing-support cases: create = propose; actions survey, approve, start, complete, cancel."""

    write_roles = REGISTRARS

    serializer_class = HousingCaseSerializer
    filterset_class = HousingCaseFilter
    queryset = HousingCase.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.housing_case_list(user=self.request.user).prefetch_related("funding")

    def _input(self, serializer_class):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    def _respond(self, case, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=code)

    @extend_schema(request=ProposeSerializer)
    def create(self, request):
        case = services.housing_case_propose(by=request.user, **self._input(ProposeSerializer))
        return self._respond(case, status.HTTP_201_CREATED)

    @extend_schema(request=HousingSurveySerializer)
    @action(detail=True, methods=["post"])
    def survey(self, request, pk=None):
        return self._respond(services.housing_case_survey(by=request.user, case=self.get_object(),
                                                          **self._input(HousingSurveySerializer)))

    @extend_schema(request=HousingApproveSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        case = self.get_object()  # out of scope: 404 before the input is read
        data = self._input(HousingApproveSerializer)
        funding = {row["source"]: row["amount"] for row in data.pop("funding")}
        return self._respond(services.housing_case_approve(by=request.user, case=case, funding=funding, **data))

    @extend_schema(request=HousingStartSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._respond(services.housing_case_start(by=request.user, case=self.get_object(),
                                                         **self._input(HousingStartSerializer)))

    @extend_schema(request=HousingCompleteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._respond(services.housing_case_complete(by=request.user, case=self.get_object(),
                                                            **self._input(HousingCompleteSerializer)))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._respond(services.housing_case_cancel(by=request.user, case=self.get_object(),
                                                          **self._input(ReasonSerializer)))

    @extend_schema(request=DisbursementSerializer, responses=DisbursementSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def disbursements(self, request, pk=None):
        """Tranches paid for this case; POST records one (amount, paid_on, source, is_advance)."""
        case = self.get_object()
        if request.method == "POST":
            data = self._input(DisbursementSerializer)
            services.disbursement_record(by=request.user, case=case, **data)
        return Response(DisbursementSerializer(case.disbursements.all(), many=True).data,
                        status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        return Response(TransitionSerializer(transitions_of(self.get_object()), many=True).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def decision(self, request, pk=None):
        """The support decision (Quyết định hỗ trợ nhà ở) as PDF, once approved."""
        case = self.get_object()
        body = decision_pdf(case)
        record_read(request, DOWNLOAD, "housing_decision_pdf", object_id=case.pk, person_id=case.person_id, filters={})
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="quyet_dinh_ho_tro_nha_o_{case.pk}.pdf"'
        return response
