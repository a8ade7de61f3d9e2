"""API plumbing shared by every app: pagination and the error mapping."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import DomainError


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Map application and Django errors onto DRF responses.

    Django ``ValidationError`` → 400 with field errors; ``DomainError`` → its own
    status; missing objects → 404; ``PermissionDenied`` → 403.
    """
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_404_NOT_FOUND and "detail" in response.data:
        response.data["detail"] = "Không tìm thấy."
    return response


class WorkflowActionsMixin:
    """``POST {id}/{action}/`` for the case workflow; the viewset implements ``act(name)``.

    Each answers 200 with the object after the transition, as ``GET {id}/`` shows it.
    """

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self.act("submit")

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.act("approve")

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.act("reject")

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self.act("return")

    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self.act("suspend")

    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self.act("resume")

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self.act("end")


def workflow_schema(requests: dict, default=None):
    """extend_schema_view arguments giving each workflow action its request body in the OpenAPI schema."""
    names = {"submit": "submit", "approve": "approve", "reject": "reject", "return": "return_",
             "suspend": "suspend", "resume": "resume", "end": "end"}
    return {method: extend_schema(request=requests.get(action, default)) for action, method in names.items()}
