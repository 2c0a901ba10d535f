from __future__ import annotations

from allauth.account.views import SignupView

from journal.accounts.forms import unit_for_language


class FootnoteSignupView(SignupView):
    """allauth's sign-up with the unit preselected from the browser's language (JS refines the time zone)."""

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("unit", unit_for_language(self.request.headers.get("Accept-Language", "")))
        return initial


signup = FootnoteSignupView.as_view()
