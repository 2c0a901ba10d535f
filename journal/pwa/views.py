"""The installable app: web manifest, service worker (served from the root) and the offline page."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

PRECACHE = [
    "css/app.css",
    "js/app.js",
    "js/queue.js",
    "js/offline.js",
    "django_htmx/htmx-2.min.js",
    "django_htmx/django-htmx.js",
    "icons/icon-192.png",
    "icons/icon.svg",
]


def app_version() -> str:
    """Changes whenever a precached file changes, so a deployment gets a fresh cache.

    Worked out once per process in production, where files change only with a deployment; in
    development on every request, or an edited app.css would be served from the old cache until the
    server restarted (runserver restarts for Python changes only).
    """
    return _files_version() if settings.DEBUG else _deployed_version()


@lru_cache(maxsize=1)
def _deployed_version() -> str:
    return _files_version()


def _files_version() -> str:
    digest = hashlib.sha256(settings.APP_VERSION.encode())
    for name in PRECACHE:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        digest.update(static(name).encode())
    return digest.hexdigest()[:12]


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "Footnote: injury journal for runners",
        "short_name": "Footnote",
        "description": "Log runs and foot and ankle pain in seconds; see when to ease off and get help.",
        "id": "/",
        "start_url": "/today/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f5f7f8",
        "theme_color": "#1f4e5f",
        "lang": "en",
        "categories": ["health", "fitness", "sports"],
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "pwa/sw.js",
        {
            "version": app_version(),
            "precache": [static(name) for name in PRECACHE] + ["/offline/"],
            "queue_js": static("js/queue.js"),
            "icon_url": static("icons/icon-192.png"),
        },
        content_type="application/javascript",
    )
    # Browsers check for a new worker on navigation; never let a proxy hold an old one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "pwa/offline.html")
