"""The app's settings as a server runs them (DEBUG off, which bench/_common.py sets before this loads),
with two changes so that the Django test client and a local gunicorn can use them without collectstatic
or TLS: static URLs come straight from the static folders, and cookies are not limited to HTTPS."""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
