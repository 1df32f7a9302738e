from django.urls import path

from sme2go.markets import views

app_name = "markets"
urlpatterns = [
    path("", views.ranking_page, name="ranking"),
    path("<str:iso3>/", views.country_page, name="country_detail"),
]
