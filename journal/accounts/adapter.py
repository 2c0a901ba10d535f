"""Where a sign-in lands: a physiotherapist's work starts at the patient list, a runner's at Today."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from journal.accounts.roles import is_physio


class FootnoteAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        # A `next` given with the sign-in still wins: allauth only asks here when there is none.
        if is_physio(request.user):
            return reverse("clinic:triage")
        return super().get_login_redirect_url(request)
