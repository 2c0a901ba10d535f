from __future__ import annotations

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from journal.accounts.deletion import CONFIRM_PHRASE, account_delete, deletion_errors, needs_second_factor


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label="Code from your authenticator app (or a recovery code)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirmation = forms.CharField(
        label=f"Type “{CONFIRM_PHRASE}” to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not needs_second_factor(user):
            del self.fields["code"]

    def clean(self):
        data = super().clean()
        errors = deletion_errors(
            user=self.user,
            password=data.get("password", ""),
            code=data.get("code", ""),
            confirmation=data.get("confirmation", ""),
        )
        for field, message in errors.items():
            if field in self.fields:
                self.add_error(field, message)
        return data


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        return render(request, "accounts/deleted.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form, "nav": "more"}, status=status)
