from django.urls import path

from sme2go.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets_page, name="targets"),
    path("report.pdf", views.report_pdf, name="pdf"),
    path("kpis.csv", views.report_csv, name="csv"),
]
