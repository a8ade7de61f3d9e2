from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.masking import mask_record
from common.api import Pagination
from common.exceptions import DomainError
from common.replica import ReplicaReadsMixin
from indicators.models import Indicator
from indicators.selectors import by_commune, figures, of_agency, records
from indicators.services import agency_for, resolve
from programs.authority import narrowed_agency

AREA = OpenApiParameter("area", str, description="mã đơn vị (mặc định: địa bàn của người dùng)")
AS_OF = OpenApiParameter("as_of", str, description="YYYY-MM-DD (mặc định: hôm nay)")
AGENCY = OpenApiParameter("agency", str, enum=["noi_vu", "y_te", "nn_mt"],
                          description="chỉ các chỉ tiêu của một Sở và chỉ tiêu chung (người xem thống kê thuộc một Sở: "
                                      "luôn là Sở của mình)")


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    agency = serializers.CharField(source="indicator.agency", help_text="Sở chủ trì: noi_vu, y_te, nn_mt; rỗng: chung")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True, coerce_to_string=False)
    target = serializers.DecimalField(source="indicator.target_value", max_digits=8, decimal_places=2,
                                      allow_null=True, coerce_to_string=False)
    computed_at = serializers.DateTimeField(allow_null=True, help_text="Lúc số liệu được tính và lưu (số liệu hôm "
                                            "nay làm mới vài phút một lần); null: vừa tính trực tiếp từ hồ sơ.")


class RecordSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    national_id = serializers.CharField(help_text="Che một phần với vai trò thống kê.")
    area = serializers.CharField(source="area.code")

    def to_representation(self, person):
        return mask_record(self.context["request"].user, super().to_representation(person))


class IndicatorViewSet(ReplicaReadsMixin, viewsets.GenericViewSet):
    """The plan's indicators computed from the records, for an area in scope and a date (read from the
    replica when there is one)."""

    queryset = Indicator.objects.none()
    serializer_class = FigureSerializer
    lookup_field = "code"
    pagination_class = None

    @extend_schema(parameters=[AREA, AS_OF, AGENCY], responses=FigureSerializer(many=True))
    def list(self, request):
        area, day = resolve(request.user, request.query_params.get("area"), request.query_params.get("as_of"))
        agency = agency_for(request.user, request.query_params.get("agency"))
        return Response(FigureSerializer(figures(area, day, agency), many=True).data)

    @extend_schema(parameters=[AREA, AS_OF], responses=dict)
    @action(detail=True, methods=["get"])
    def communes(self, request, code=None):
        """The indicator for each commune under the area, furthest from target first."""
        indicator = self._indicator(code)
        area, day = resolve(request.user, request.query_params.get("area"), request.query_params.get("as_of"))
        return Response(by_commune(indicator, area, day))

    @extend_schema(parameters=[AREA, AS_OF, OpenApiParameter("part", str, enum=["numerator", "denominator"])],
                   responses=RecordSerializer(many=True))
    @action(detail=True, methods=["get"])
    def records(self, request, code=None):
        """The persons behind the numerator or the denominator (paginated)."""
        self._indicator(code)
        area, day = resolve(request.user, request.query_params.get("area"), request.query_params.get("as_of"))
        part = request.query_params.get("part", "numerator")
        if part not in ("numerator", "denominator"):
            raise DomainError("part phải là numerator hoặc denominator.", code="bad_part")
        if code == "facilities":
            rows = [{"facility": f.pk, "name": f.name, "area": f.area.code, "is_public": f.is_public}
                    for f in records(code, area, day, part)]
            return Response({"count": len(rows), "next": None, "previous": None, "results": rows})
        paginator = Pagination()
        page = paginator.paginate_queryset(records(code, area, day, part), request, view=self)
        return paginator.get_paginated_response(RecordSerializer(page, many=True, context={"request": request}).data)

    def _indicator(self, code) -> Indicator:
        indicator = of_agency(Indicator.objects.filter(code=code, kind=Indicator.Kind.COMPUTED),
                              narrowed_agency(self.request.user)).first()
        if indicator is None:
            raise Http404
        return indicator
