from django.urls import path

from beneficiaries import views

app_name = "beneficiaries"
urlpatterns = [
    path("doi-tuong/", views.person_list, name="person_list"),
    path("doi-tuong/dang-ky/", views.person_register, name="person_register"),
    path("doi-tuong/<int:pk>/", views.person_detail, name="person_detail"),
    path("doi-tuong/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("doi-tuong/<int:pk>/tai-khoan/<int:change_pk>/<str:action>/", views.account_change_action,
         name="account_change_action"),
    path("doi-tuong/<int:pk>/xac-minh-tai-khoan/", views.account_verify, name="account_verify"),
    path("doi-tuong/<int:pk>/them-ho-so/<str:kind>/", views.profile_add, name="profile_add"),
    path("doi-tuong/<int:pk>/giay-to/", views.document_upload, name="document_upload"),
    path("giay-to/<int:pk>/tai-ve/", views.document_download, name="document_download"),
    path("ho-so/<str:kind>/<int:pk>/sua/", views.profile_edit, name="profile_edit"),
    path("ho-so/protection/<int:pk>/con/", views.profile_children, name="profile_children"),
    path("ho-so/<str:kind>/<int:pk>/<str:action>/", views.profile_action, name="profile_action"),
    path("duyet-ho-so/", views.review_queue, name="review_queue"),
    path("ho-so-tra-lai/", views.returned_list, name="returned_list"),
    path("ho-gia-dinh/<int:pk>/", views.household_detail, name="household_detail"),
    path("ho-gia-dinh/<int:pk>/ra-soat/", views.poverty_review, name="poverty_review"),
    path("ho-gia-dinh/<int:pk>/ra-soat/<int:review_pk>/", views.poverty_review, name="poverty_review_edit"),
]
