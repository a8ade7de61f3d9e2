from django.urls import path

from programs import views

app_name = "programs"
urlpatterns = [
    path("chinh-sach/", views.program_list, name="program_list"),
    path("chinh-sach/cho-duyet/", views.enrollment_queue, name="enrollment_queue"),
    path("chinh-sach/<str:code>/", views.program_detail, name="program_detail"),
    path("doi-tuong/<int:person_pk>/de-nghi-huong/", views.enrollment_create, name="enrollment_create"),
    path("huong-che-do/<int:pk>/<str:action>/", views.enrollment_action, name="enrollment_action"),
    path("co-so-tro-giup/", views.facility_list, name="facility_list"),
]
