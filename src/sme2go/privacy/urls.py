from django.urls import path

from sme2go.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.requests_page, name="requests"),
    path("contacts/<int:pk>/data.json", views.contact_export, name="contact_export"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact_erase"),
    path("removed/<int:contact_id>/erase/", views.removed_erase, name="removed_erase"),
    path("mentions.json", views.mentions_export, name="mentions_export"),
    path("mentions/erase/", views.mentions_erase, name="mentions_erase"),
    path("my-data.json", views.my_data_export, name="my_data"),
]
