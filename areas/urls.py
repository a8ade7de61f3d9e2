from django.urls import path

from areas import views

app_name = "areas"
urlpatterns = [path("", views.area_list_view, name="list")]
