from django.urls import path

from journal.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.reminders, name="reminders"),
    path("patient-alerts/", views.patient_alerts, name="patient_alerts"),
    path("prompt/", views.prompt, name="prompt"),
    path("push/", views.push_subscription, name="push"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
