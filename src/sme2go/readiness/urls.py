from django.urls import path

from sme2go.readiness import views, views_cohort

app_name = "readiness"
urlpatterns = [
    path("readiness/", views_cohort.cohort_page, name="cohort"),
    path("readiness/download/", views_cohort.cohort_download, name="cohort_download"),
    path("companies/<int:pk>/readiness/", views.readiness_page, name="history"),
    path("companies/<int:pk>/readiness/new/", views.assess_page, name="assess"),
]
