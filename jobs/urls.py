from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("nhap-tep/", views.imports, name="imports"),
    path("nhap-tep/mau/<slug:kind>.xlsx", views.template, name="template"),
    path("tac-vu/", views.job_list, name="list"),
    path("tac-vu/<int:pk>/", views.job_detail, name="detail"),
    path("tac-vu/<int:pk>/tep-ket-qua/", views.job_result, name="result"),
    path("tac-vu/<int:pk>/xac-nhan/", views.job_confirm, name="confirm"),
    path("tac-vu/<int:pk>/huy/", views.job_cancel, name="cancel"),
    path("tac-vu/<int:pk>/chay-lai/", views.job_restart, name="restart"),
]
