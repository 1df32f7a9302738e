"""Partner-suggestion pages, under /consortia/ beside the consortium pages."""

from django.urls import path

from sme2go.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("suggest/", views.team_suggestions, name="team_suggestions"),
    path("<int:pk>/suggest/", views.consortium_suggestions, name="consortium_suggestions"),
]
