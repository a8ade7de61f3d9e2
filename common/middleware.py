"""Request guards (size, NUL characters), the Content-Security-Policy header, and the page shown while the
database is away."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from common import outage


def is_api(request) -> bool:
    """Answers under /api/ are JSON (clients parse them); the others are pages."""
    return request.path.startswith("/api/")

# Only our own scripts, styles, fonts and images: no inline code, no CDN, no framing.
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI and the Django admin ship inline <style> blocks; their scripts are still our own files.
RELAXED_STYLE = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.relaxed = tuple(settings.CSP_RELAXED_STYLE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        policy = RELAXED_STYLE if request.path.startswith(self.relaxed) else POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RejectNulMiddleware:
    """Refuse (400) text containing the NUL character: PostgreSQL cannot store it in text columns.

    Checked in the query string and in JSON and form bodies (uploaded files may hold any byte).
    Without this, a NUL in a search or a field reaches the database and fails there (500).
    """

    TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        body_is_text = request.content_type in self.TEXT_BODIES
        if "%00" in query or "\x00" in query or (body_is_text and self._has_nul(request.body)):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _has_nul(body: bytes) -> bool:
        return b"\x00" in body or b"\\u0000" in body or b"%00" in body

    @staticmethod
    def _refuse(request):
        message = "Dữ liệu gửi lên chứa ký tự NUL (\\x00), không hợp lệ."
        if is_api(request):
            return JsonResponse({"detail": message, "code": "nul_character"}, status=400)
        return HttpResponseBadRequest(message)


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose body is larger than ``MAX_REQUEST_BYTES`` before anything reads it.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files; the server in front
    should refuse the same size (docs/deploy.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _("Yêu cầu quá lớn (tối đa %(mb)s MB).") % {"mb": settings.MAX_REQUEST_BYTES // 2**20},
                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def database_unavailable_response(request) -> HttpResponse:
    """503 with a Retry-After: JSON under /api/, else a page that needs no database (no user, no menu)."""
    if is_api(request):
        response = JsonResponse({"detail": str(outage.MESSAGE), "code": outage.CODE}, status=503)
    else:
        try:
            page = loader.get_template("503.html").render({"message": outage.MESSAGE})
        except Exception:  # a page about an outage must not fail in turn (static files not collected…)
            page = str(outage.MESSAGE)
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A view that could not reach the database answers 503 (also with DEBUG on); errors raised outside views
    reach ``config.errors.server_error``, which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if outage.database_unavailable(exception):
            return database_unavailable_response(request)
        return None
