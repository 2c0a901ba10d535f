from django.urls import path
from rest_framework.routers import DefaultRouter

from journal.api.views import account, entries, flags, library, plans
from journal.exports.api import ExportViewSet
from journal.imports.api import ImportViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("shoes", entries.ShoeViewSet, basename="shoe")
router.register("runs", entries.RunViewSet, basename="run")
router.register("checkins", entries.CheckinViewSet, basename="checkin")
router.register("injuries", entries.EpisodeViewSet, basename="injury")
router.register("exercise-completions", entries.CompletionViewSet, basename="exercise-completion")
router.register("prescriptions", plans.PrescriptionViewSet, basename="prescription")
router.register("flags", flags.FlagViewSet, basename="flag")
router.register("return-plans", plans.ReturnPlanViewSet, basename="return-plan")
router.register("imports", ImportViewSet, basename="import")
router.register("exports", ExportViewSet, basename="export")
router.register("conditions", library.ConditionViewSet, basename="condition")
router.register("exercises", library.ExerciseViewSet, basename="exercise")

app_name = "api"

urlpatterns = [
    path("me/", account.MeView.as_view(), name="me"),
    path("me/reminders/", account.RemindersView.as_view(), name="me-reminders"),
    *router.urls,
]
