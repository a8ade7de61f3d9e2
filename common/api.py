"""API plumbing shared by every app: pagination and the error mapping."""

import functools

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import DomainError
from common.workflow import CASE_ACTIONS, INPUTS, CaseKind


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 500)."""

    page_size_query_param = "page_size"
    max_page_size = 500


class CountWithPagePaginator(Paginator):
    """Counts in the page query (``COUNT(*) OVER ()``): one pass over the matches instead of two.

    Right for a search, whose page must read and sort every match anyway; wrong for a plain
    list whose page comes off an index in order, where a separate count is cheaper.
    """

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(matches_in_all_pages=Window(Count("pk")))
                    [bottom:bottom + self.per_page])
        if rows:  # Paginator.count is a cached_property
            first = rows[0]
            self.__dict__["count"] = first["matches_in_all_pages"] if isinstance(first, dict) \
                else first.matches_in_all_pages
        elif number == 1:
            self.__dict__["count"] = 0
        else:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)


class SearchPagination(Pagination):
    """``Pagination``, counting with the page when the request searches (``?q=``)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = CountWithPagePaginator if request.query_params.get("q") else Paginator
        return super().paginate_queryset(queryset, request, view)


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


@functools.cache  # one class per kind and action: the OpenAPI schema names each once
def action_serializer(kind: CaseKind, name: str) -> type[serializers.Serializer] | None:
    """The request body of action ``name`` on ``kind``, built from the declared inputs (None: no body)."""
    names = kind.inputs(name)
    if not names:
        return None
    fields = {}
    for key in names:
        kind_of, label = INPUTS[key]
        fields[key] = (serializers.DateField(required=False, allow_null=True, default=None, label=label,
                                             input_formats=["iso-8601", "%d/%m/%Y"]) if kind_of == "date"
                       else serializers.CharField(required=False, allow_blank=True, default="", label=label,
                                                  max_length=50 if key == "decision_no" else None))
    return type(f"{kind.prefix.title()}{name.title()}Serializer", (serializers.Serializer,), fields)


class WorkflowActionsMixin:
    """``POST {id}/{action}/`` for every action of CASE_ACTIONS; the viewset names its ``case_kind``.

    Each reads the action's declared inputs and answers 200 with the object after the transition, as
    ``GET {id}/`` shows it.
    """

    case_kind: CaseKind

    def act(self, name):
        case = self.get_object()  # out of scope: 404 before the input is read
        body = action_serializer(self.case_kind, name)
        data = self.read_input(body) if body else {}
        return self.respond(self.case_kind.run(name, by=self.request.user, case=case, data=data))


def _action_method(name: str):
    def method(self, request, pk=None):
        return self.act(name)

    method.__name__ = CASE_ACTIONS[name].method
    method.__doc__ = f"{CASE_ACTIONS[name].label}."
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(method)


for _name, _declared in CASE_ACTIONS.items():
    setattr(WorkflowActionsMixin, _declared.method, _action_method(_name))


def workflow_schema(kind: CaseKind) -> dict:
    """extend_schema_view arguments giving each declared action its request body in the OpenAPI schema."""
    return {a.method: extend_schema(request=action_serializer(kind, a.name)) for a in CASE_ACTIONS.values()}
