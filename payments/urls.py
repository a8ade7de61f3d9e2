from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("chi-tra/", views.batch_list, name="batch_list"),
    path("chi-tra/lap-bang/", views.batch_create, name="batch_create"),
    path("chi-tra/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("chi-tra/<int:pk>/xuat-file/", views.batch_export, name="batch_export"),
    path("chi-tra/<int:pk>/doi-soat/", views.batch_reconcile, name="batch_reconcile"),
    path("chi-tra/<int:pk>/loai-khoi-bang/", views.batch_exclude, name="batch_exclude"),
    path("chi-tra/<int:pk>/danh-sach/<str:commune_code>.pdf", views.batch_pdf, name="batch_pdf"),
    path("chi-tra/<int:pk>/<str:action>/", views.batch_action, name="batch_action"),
]
