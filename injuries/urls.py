from django.urls import path

from injuries import views

app_name = "injuries"

urlpatterns = [
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise"),
    path("what-might-this-be/", views.what_might_this_be, name="matcher"),
]
