from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from journal.notify import services
from journal.notify.forms import PushSubscriptionForm, RemindersForm
from journal.notify.models import NotificationKind
from journal.notify.push import application_server_key
from journal.notify.selectors import notifications_sent_to

SENT_SHOWN = 30


def _reminders_context(request: HttpRequest, form: RemindersForm) -> dict:
    settings_row = services.notification_settings_read(request.user)
    return {
        "form": form,
        "settings_row": settings_row,
        "is_physio": request.user.profile.role == "physio",
        "devices": request.user.push_subscriptions.count(),
        "sent": notifications_sent_to(user=request.user, limit=SENT_SHOWN),
        "vapid_public_key": application_server_key(),
        "nav": "more",
    }


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    current = services.notification_settings_read(request.user)
    if request.method == "POST":
        form = RemindersForm(request.POST)
        if form.is_valid():
            try:
                services.reminders_update(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                on = form.cleaned_data["reminders_on"]
                messages.success(request, "Reminders are on." if on else "Reminders are off.")
                return redirect("notify:reminders")
    else:
        form = RemindersForm(
            initial={
                "reminders_on": current.reminders_on,
                "reminder_time": current.reminder_time,
                "reminder_days": current.reminder_days,
                "reminder_channel": current.reminder_channel,
            }
        )
    return render(request, "notify/reminders.html", _reminders_context(request, form))


@login_required
@require_POST
def patient_alerts(request: HttpRequest) -> HttpResponse:
    if request.user.profile.role != "physio":
        raise Http404
    services.patient_alerts_update(user=request.user, on=request.POST.get("on") == "1")
    messages.success(request, "Patient alerts saved.")
    return redirect("notify:reminders")


@login_required
@require_http_methods(["GET", "POST"])
def prompt(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if not services.reminder_prompt_shown(user=request.user):
            return HttpResponse("")
        return render(request, "notify/_prompt.html")
    accept = request.POST.get("answer") == "yes"
    services.reminder_prompt_answer(user=request.user, accept=accept)
    if accept:
        messages.success(request, "Reminders are on. Choose the time and days here.")
        return redirect("notify:reminders")
    return redirect("journal:today")


@login_required
@require_http_methods(["POST", "DELETE"])
def push_subscription(request: HttpRequest) -> HttpResponse:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"detail": "Send JSON."}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"detail": "Send a JSON object."}, status=400)
    if request.method == "DELETE":
        endpoint = data.get("endpoint", "")
        deleted, _ = request.user.push_subscriptions.filter(endpoint=endpoint).delete()
        return JsonResponse({"deleted": deleted})
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    form = PushSubscriptionForm(
        {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"), "auth": keys.get("auth")}
    )
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    services.push_subscribe(user=request.user, session_key=request.session.session_key, **form.cleaned_data)
    return JsonResponse({"saved": True}, status=201)


@csrf_exempt  # Mail clients post the one-click unsubscribe with no session; the signed link is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.unsubscribe_read(token)
    if found is None:
        raise Http404
    user, kind = found
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notify/unsubscribed.html", {"kind_label": NotificationKind(kind).label})
    return render(request, "notify/unsubscribe.html", {"kind_label": NotificationKind(kind).label})
