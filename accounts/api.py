from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import is_locked, lockout_message
from accounts.models import User


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (429 while the username is locked out)."""

    def post(self, request, *args, **kwargs):
        if is_locked(str(request.data.get("username", ""))):
            raise exceptions.Throttled(detail=lockout_message())
        return super().post(request, *args, **kwargs)


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
    responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
)(TokenView)
