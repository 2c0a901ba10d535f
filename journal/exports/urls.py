from django.urls import path

from journal.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.export_create, name="create"),
    path("<uuid:export_id>/download/", views.export_download, name="download"),
]
