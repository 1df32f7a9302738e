from django.urls import path

from sme2go.registry import views, views_dedupe, views_edit, views_io

app_name = "registry"
urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("companies/new/", views_edit.company_create, name="company_create"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views_edit.company_edit, name="company_edit"),
    path("companies/<int:pk>/solutions/new/", views_edit.solution_create, name="solution_create"),
    path("companies/<int:pk>/solutions/<int:solution_pk>/edit/", views_edit.solution_edit, name="solution_edit"),
    path("companies/<int:pk>/contacts/new/", views_edit.contact_create, name="contact_create"),
    path("companies/<int:pk>/contacts/<int:contact_pk>/edit/", views_edit.contact_edit, name="contact_edit"),
    path("partners/", views.partner_list, name="partner_list"),
    path("import/", views_io.import_page, name="import"),
    path("export/", views_io.export, name="export"),
    path("duplicates/", views_dedupe.duplicate_list, name="duplicate_list"),
    path("duplicates/merge/", views_dedupe.merge, name="merge"),
    path("merges/", views_dedupe.merge_list, name="merge_list"),
    path("merges/<int:pk>/undo/", views_dedupe.undo_merge, name="undo_merge"),
]
