"""The More page and the account's settings: profile, API tokens, who looked at the journal, exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from journal.accounts.forms import ProfileForm
from journal.accounts.selectors import api_tokens
from journal.accounts.services import api_token_create, api_token_revoke, profile_update
from journal.clinic import selectors as clinic
from journal.common.http import profile_of
from journal.exports.flow import exports_of


@login_required
def more(request: HttpRequest) -> HttpResponse:
    return render(request, "journal/more.html", {"nav": "more"})


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Settings saved.")
            return redirect("journal:settings")
        profile.refresh_from_db()
    return render(request, "journal/settings.html", _settings_context(request, form))


def _settings_context(request: HttpRequest, form, **extra) -> dict:
    return {
        "form": form,
        "tokens": api_tokens(user=request.user),
        "access_log": clinic.access_log_for(patient=request.user),
        "exports": exports_of(owner=request.user),
        "nav": "more",
        **extra,
    }


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    token = api_token_create(user=request.user)
    # Shown once: only a hash of it is stored.
    return render(
        request,
        "journal/settings.html",
        _settings_context(request, ProfileForm(instance=profile_of(request)), new_token=token),
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, key: str) -> HttpResponse:
    if not api_token_revoke(user=request.user, token_key=key):
        raise Http404
    messages.success(request, "Token revoked. Apps using it can no longer reach your journal.")
    return redirect("journal:settings")
