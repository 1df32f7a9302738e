from django.urls import path

from sme2go.support import views

app_name = "support"
urlpatterns = [
    path("support/", views.overview, name="overview"),
    path("support/actions/download/", views.actions_download, name="actions_download"),
    path("support/sessions/new/", views.session_new, name="session_new"),
    path("support/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("support/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("support/actions/<int:pk>/remove/", views.action_remove, name="action_remove"),
    path("companies/<int:pk>/support/new/", views.action_new, name="action_new"),
]
