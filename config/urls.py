from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import MeView, TokenView
from accounts.forms import LoginForm
from indicators.views import dashboard

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/me/", MeView.as_view(), name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),  # no inline script
    path("", include("config.api_router")),
]

urlpatterns = [
    # First: every API request is resolved without trying the pages' patterns (docs/performance.md, issue 19)
    path("api/v1/", include(api_v1)),
    path("", dashboard, name="dashboard"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
         name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi-hanh-chinh/", include("areas.urls")),
    path("", include("beneficiaries.urls")),
    path("", include("programs.urls")),
    path("", include("payments.urls")),
    path("", include("housing.urls")),
    path("", include("indicators.urls")),
    path("", include("jobs.urls")),
    path("", include("complaints.urls")),
    path("quan-tri/", admin.site.urls),
]

admin.site.site_header = "Quản trị hệ thống an sinh xã hội"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Danh mục và người dùng"

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
