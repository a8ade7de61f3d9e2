from django.urls import path

from housing import views

app_name = "housing"
urlpatterns = [
    path("nha-o/", views.case_list, name="case_list"),
    path("nha-o/de-xuat/<int:household_pk>/", views.case_propose, name="case_propose"),
    path("nha-o/<int:pk>/", views.case_detail, name="case_detail"),
    path("nha-o/<int:pk>/quyet-dinh.pdf", views.case_decision, name="case_decision"),
    path("nha-o/<int:pk>/anh/", views.case_photo, name="case_photo"),
    path("nha-o/<int:pk>/<str:action>/", views.case_action, name="case_action"),
]
