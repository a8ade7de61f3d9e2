from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import is_locked, lockout_message
from accounts.models import ApiToken, ReadLog, Role, User
from accounts.tokens import token_issue, token_revoke
from common.forms import parse_day


class TokenView(APIView):
    """Exchange a username and password for a new API token, valid ``API_TOKEN_HOURS`` (default 12); 429 while
    the username is locked out. Each sign-in issues a new token; ``auth/tokens/`` lists and revokes them."""

    authentication_classes = []
    permission_classes = []

    def post(self, request, *args, **kwargs):
        username, password = str(request.data.get("username", "")), str(request.data.get("password", ""))
        if is_locked(username):
            raise exceptions.Throttled(detail=lockout_message())
        if not username or not password:
            raise exceptions.ValidationError({"non_field_errors": ["Cần tên đăng nhập và mật khẩu."]})
        try:
            user = authenticate(request=request._request, username=username, password=password)
        except PermissionDenied:
            raise exceptions.Throttled(detail=lockout_message()) from None
        if user is None or not user.is_active:
            raise exceptions.ValidationError({"non_field_errors": ["Tên đăng nhập hoặc mật khẩu không đúng."]})
        token, key = token_issue(user=user, ip=request.META.get("REMOTE_ADDR"))
        return Response({"token": key, "expires_at": token.expires_at})


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="mã đang dùng cho yêu cầu này")

    class Meta:
        model = ApiToken
        fields = ("id", "prefix", "created_at", "expires_at", "last_used_at", "created_ip", "current")
        read_only_fields = fields

    def get_current(self, token) -> bool:
        return token == getattr(self.context.get("request"), "auth", None)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own API tokens; DELETE revokes one."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()
    pagination_class = None

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user)

    def destroy(self, request, pk=None):
        try:
            token_revoke(by=request.user, token_id=int(pk))
        except (ApiToken.DoesNotExist, ValueError):
            raise exceptions.NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code", read_only=True, allow_null=True, default=None)
    agency = serializers.CharField(read_only=True, help_text="noi_vu, y_te, nn_mt; rỗng khi không thuộc Sở nào")

    class Meta:
        model = User
        fields = ("id", "username", "full_name", "role", "area", "agency")
        read_only_fields = fields


class MeView(APIView):
    """The signed-in user: role and the area they are scoped to."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


TokenView = extend_schema(
    request=inline_serializer(
        "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
    ),
    responses=inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                  "expires_at": serializers.DateTimeField()}),
)(TokenView)


class ReadLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadLog
        fields = ("id", "at", "username", "kind", "what", "object_id", "person_id", "filters", "rows", "path", "ip")
        read_only_fields = fields


class IsAdministrator(permissions.BasePermission):
    message = "Chỉ quản trị hệ thống xem nhật ký truy cập dữ liệu cá nhân."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_role(Role.ADMIN)


class ReadLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who viewed, exported or downloaded personal data (administrators only); filter by ``username``,
    ``person_id``, ``kind``, ``what``, ``since`` and ``until`` (YYYY-MM-DD)."""

    serializer_class = ReadLogSerializer
    queryset = ReadLog.objects.none()
    permission_classes = [IsAdministrator]
    filterset_fields = ["username", "person_id", "kind", "what"]

    def get_queryset(self):
        rows = ReadLog.objects.all()
        params = self.request.query_params
        for name, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
            if params.get(name):
                try:
                    rows = rows.filter(**{lookup: parse_day(params[name])})
                except ValueError as exc:
                    raise exceptions.ValidationError({name: [str(exc)]}) from None
        return rows
