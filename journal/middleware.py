from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers


class RunnerTimezoneMiddleware:
    """Shows times in the signed-in runner's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None:
            timezone.activate(ZoneInfo(profile.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Personal pages and API answers are never kept by browsers or proxies.

    The service worker still keeps the last copy of a page on purpose, for reading offline,
    and deletes it at sign-out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            patch_cache_control(response, no_store=True, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
