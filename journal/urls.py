from django.urls import path

from journal.accounts import settings_views
from journal.entries import views
from journal.today import views as today_views

app_name = "journal"

urlpatterns = [
    path("", today_views.home, name="home"),
    path("today/", today_views.today, name="today"),
    path("today/dashboard/", today_views.dashboard_partial, name="dashboard"),
    path("today/trends/", today_views.trends, name="trends"),
    path("flags/", today_views.flag_history, name="flags"),
    path("flags/<int:pk>/", today_views.flag_detail, name="flag_detail"),
    path("prescriptions/<uuid:pk>/done/", today_views.prescription_done, name="prescription_done"),
    path("flags/<int:pk>/<slug:action>/", today_views.flag_action, name="flag_action"),
    path("return-plan/start/", today_views.return_plan_start, name="return_plan_start"),
    path("return-plan/<uuid:pk>/end/", today_views.return_plan_end, name="return_plan_end"),
    path("log/", views.log, name="log"),
    path("history/", views.history, name="history"),
    path("entries/<slug:kind>/new/", views.entry_create, name="entry_create"),
    path("entries/<slug:kind>/<uuid:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<slug:kind>/<uuid:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("shoes/", views.shoe_list, name="shoes"),
    path("shoes/new/", views.shoe_form, name="shoe_new"),
    path("shoes/<uuid:pk>/edit/", views.shoe_form, name="shoe_edit"),
    path("shoes/<uuid:pk>/<slug:action>/", views.shoe_action, name="shoe_action"),
    path("injuries/", views.injury_list, name="injuries"),
    path("more/", settings_views.more, name="more"),
    path("settings/", settings_views.settings_view, name="settings"),
    path("settings/tokens/new/", settings_views.token_create, name="token_create"),
    path("settings/tokens/<str:key>/revoke/", settings_views.token_revoke, name="token_revoke"),
]
