from django.urls import path

from sme2go.consortia import views

app_name = "consortia"
urlpatterns = [
    path("", views.consortium_list, name="list"),
    path("new/", views.consortium_new, name="new"),
    path("save/", views.consortium_save, name="save"),
    path("<int:pk>/", views.consortium_detail, name="detail"),
    path("<int:pk>/status/", views.consortium_status, name="status"),
    path("<int:pk>/members/", views.consortium_members, name="members"),
]
