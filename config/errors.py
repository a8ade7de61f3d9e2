"""Error pages: JSON under /api/ (clients parse it), the Vietnamese HTML pages elsewhere."""

from django.http import JsonResponse
from django.views import defaults


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    if _api(request):
        return JsonResponse({"detail": "Không tìm thấy."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Lỗi hệ thống: yêu cầu chưa được thực hiện, không có dữ liệu nào bị thay đổi."},
                            status=500)
    return defaults.server_error(request)
