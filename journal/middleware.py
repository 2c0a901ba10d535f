from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone


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
