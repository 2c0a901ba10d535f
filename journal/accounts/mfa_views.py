"""allauth's authenticator set-up, ending where a physiotherapist's (or an admin's) work starts."""

from __future__ import annotations

from allauth.account.utils import get_next_redirect_url
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.urls import reverse

from journal.accounts.roles import is_physio


class FootnoteActivateTOTPView(ActivateTOTPView):
    def get_success_url(self) -> str:
        staff_sent_here = self.request.user.is_staff and get_next_redirect_url(self.request)
        if not is_physio(self.request.user) and not staff_sent_here:
            return super().get_success_url()
        # allauth would show the new recovery codes; they stay one tap away under More, and the
        # physiotherapist goes on to the patient list (or the clinic page that asked for the set-up), as
        # staff go on to the admin page that asked for it.
        messages.success(
            self.request,
            "Two-factor sign-in is on. Keep your recovery codes somewhere safe: "
            "they are under More, Two-factor sign-in.",
        )
        return get_next_redirect_url(self.request) or reverse("clinic:triage")


activate_totp = FootnoteActivateTOTPView.as_view()
