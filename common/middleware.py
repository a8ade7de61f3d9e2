"""Response headers every page gets: a strict Content-Security-Policy."""

from django.conf import settings

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
