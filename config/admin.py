"""The admin site. It reads runners' journals and edits what the app tells them (the library, the
urgent banners' wording), so every staff account sets up an authenticator app before any of its
pages opens, as a physiotherapist does before the clinic."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from journal.accounts.roles import has_totp

SET_UP_FIRST = "Set up an authenticator app before you open the admin."


class FootnoteAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)
        if view == self.logout:
            return checked

        @wraps(view)
        def inner(request, *args, **kwargs):
            user = request.user
            if user.is_active and user.is_staff and not has_totp(user):
                messages.info(request, SET_UP_FIRST)
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return checked(request, *args, **kwargs)

        return inner
