from __future__ import annotations

from zoneinfo import ZoneInfo

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
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


class RefuseNulMiddleware:
    """A NUL character is never valid input here, and PostgreSQL cannot store or compare it.

    Refusing it once, for the address and every query or form value, keeps raw lookups such as
    ?condition= from turning it into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values)
            for data in ((request.GET, request.POST) if request.method == "POST" else (request.GET,))
            for key, values in data.lists()
        ):
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Text may not contain NUL characters."}, status=400)
            return HttpResponseBadRequest("Text may not contain NUL characters.")
        return self.get_response(request)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's, except that answers without a body stay without one: compressing WhiteNoise's empty
    streaming 304 would send gzip's header bytes anyway."""

    def process_response(self, request, response):
        if response.status_code in (204, 304):
            return response
        return super().process_response(request, response)


class FlagsDeferredMiddleware:
    """A request that writes to a journal marks the runner's flags out of date instead of evaluating
    them (journal.flags.services.flags_deferred): the read that follows a write (the dashboard htmx
    refreshes after a save, the offline queue's next page) evaluates them once, however many entries
    were sent, and the task worker does when nobody reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        from journal.flags.services import flags_deferred

        with flags_deferred():
            return self.get_response(request)
