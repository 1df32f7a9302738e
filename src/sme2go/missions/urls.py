from django.urls import path

from sme2go.missions import views, views_pipeline

app_name = "missions"
urlpatterns = [
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/new/", views.mission_new, name="mission_new"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("missions/<int:pk>/remove/", views.mission_remove, name="mission_remove"),
    path("missions/removed/<int:event_id>/undo/", views.mission_restore, name="mission_restore"),
    path("missions/<int:pk>/meetings/<int:meeting_pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("leads/", views_pipeline.pipeline, name="pipeline"),
    path("leads/download/", views_pipeline.leads_download, name="leads_download"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("companies/<int:pk>/leads/new/", views.lead_new, name="lead_new"),
]
