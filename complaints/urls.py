from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("don-thu/", views.complaint_list, name="list"),
    path("don-thu/tiep-nhan/", views.complaint_receive, name="receive"),
    path("don-thu/bao-cao/", views.complaint_report, name="report"),
    path("don-thu/<int:pk>/", views.complaint_detail, name="detail"),
    path("don-thu/<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("don-thu/<int:pk>/<str:action>/", views.complaint_action, name="action"),
]
