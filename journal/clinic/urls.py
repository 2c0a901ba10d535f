from django.urls import path

from journal.clinic import views
from journal.report import views as report_views

app_name = "clinic"

urlpatterns = [
    path("", views.triage, name="triage"),
    path("invite/", views.invite_accept, name="invite"),
    path("invite/<str:code>/", views.invite_accept, name="invite_code"),
    path("request/", views.request_access, name="request"),
    path("patients/<int:patient_id>/", views.patient_view, name="patient"),
    path("patients/<int:patient_id>/notes/", views.note_create, name="note_create"),
    path("patients/<int:patient_id>/prescriptions/new/", views.prescription_create, name="prescribe"),
    path(
        "patients/<int:patient_id>/prescriptions/<uuid:prescription_id>/end/",
        views.prescription_end,
        name="prescription_end",
    ),
    path("patients/<int:patient_id>/thresholds/", views.thresholds, name="thresholds"),
    path(
        "patients/<int:patient_id>/flags/<int:flag_id>/acknowledge/", views.flag_acknowledge, name="flag_ack"
    ),
    path(
        "patients/<int:patient_id>/injuries/<uuid:episode_id>/clearance/",
        views.return_clearance,
        name="return_clearance",
    ),
    path("patients/<int:patient_id>/export.csv", views.export_csv, name="export"),
    path("patients/<int:patient_id>/report/", report_views.patient_report, name="report"),
]
