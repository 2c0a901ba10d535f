from django.urls import path

from journal.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("<uuid:batch_id>/", views.import_detail, name="detail"),
    path("<uuid:batch_id>/save/", views.import_save, name="save"),
]
