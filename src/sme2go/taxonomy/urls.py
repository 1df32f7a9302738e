from django.urls import path

from sme2go.taxonomy import views

app_name = "taxonomy"
urlpatterns = [path("", views.theme_list, name="theme_list")]
