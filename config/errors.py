"""Error pages: JSON under /api/ (clients parse it), the Vietnamese HTML pages elsewhere."""

import sys

from django.http import JsonResponse
from django.views import defaults

from common.middleware import database_unavailable_response, is_api
from common.outage import database_unavailable


def not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": "Không tìm thấy."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):  # the database is away (restart, maintenance): 503, not 500
        return database_unavailable_response(request)
    if is_api(request):
        return JsonResponse({"detail": "Lỗi hệ thống: yêu cầu chưa được thực hiện, không có dữ liệu nào bị thay đổi."},
                            status=500)
    return defaults.server_error(request)
