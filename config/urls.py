from django.contrib import admin
from django.urls import include, path

from journal import account_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", account_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("library/", include("injuries.urls")),
    path("", include("journal.urls")),
]
