from django.urls import path
from rest_framework.routers import DefaultRouter

from journal.api import views
from journal.exports.api import ExportViewSet
from journal.imports.api import ImportViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("shoes", views.ShoeViewSet, basename="shoe")
router.register("runs", views.RunViewSet, basename="run")
router.register("checkins", views.CheckinViewSet, basename="checkin")
router.register("injuries", views.EpisodeViewSet, basename="injury")
router.register("exercise-completions", views.CompletionViewSet, basename="exercise-completion")
router.register("prescriptions", views.PrescriptionViewSet, basename="prescription")
router.register("flags", views.FlagViewSet, basename="flag")
router.register("return-plans", views.ReturnPlanViewSet, basename="return-plan")
router.register("imports", ImportViewSet, basename="import")
router.register("exports", ExportViewSet, basename="export")
router.register("conditions", views.ConditionViewSet, basename="condition")
router.register("exercises", views.ExerciseViewSet, basename="exercise")

app_name = "api"

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
