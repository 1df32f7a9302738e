from django.urls import path

from sme2go.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("partners/", views.partner_list, name="partner_list"),
]
