from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("chi-tieu/<str:code>/ho-so/", views.indicator_records, name="records"),
    path("chi-tieu/bao-cao.<str:fmt>", views.report, name="report"),
    path("chi-tieu/so-lieu-dan-cu/", views.area_statistics, name="statistics"),
    path("chi-tieu/chot-so-lieu/", views.snapshot, name="snapshot"),
]
