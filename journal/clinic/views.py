"""Pages for physiotherapists (the clinic) and for runners sharing their journal."""

from __future__ import annotations

from datetime import date, timedelta
from functools import wraps

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from injuries.models import Exercise
from journal.clinic import services as clinic
from journal.common.csv_safe import SafeWriter
from journal.common.forms import DATE_INPUT, ServiceFormMixin
from journal.flags import services as flagging
from journal.models import (
    CareInvite,
    CareLink,
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Run,
)
from journal.rules.thresholds import PAIN_MODELS
from journal.today import charts

# Physiotherapist side


def physio_required(view):
    """Physiotherapists only (others get 404), and only once two-factor sign-in is set up."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not clinic.is_physio(request.user):
            raise Http404
        if not clinic.has_totp(request.user):
            messages.info(request, "Set up an authenticator app before you can see any patient's journal.")
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return view(request, *args, **kwargs)

    return wrapper


def patient_or_404(request: HttpRequest, patient_id: int, action: str | None):
    """The linked patient, with the access logged as `action` (None: the caller logs what happened)."""
    patient = clinic.patient_for(physio=request.user, patient_id=patient_id)
    if patient is None:
        raise Http404
    if action is not None:
        clinic.access_record(physio=request.user, patient=patient, action=action)
    return patient


@physio_required
def triage(request: HttpRequest) -> HttpResponse:
    urgent = request.GET.get("urgent") == "1"
    quiet = request.GET.get("quiet") == "1"
    rows = clinic.triage(physio=request.user, urgent_only=urgent, quiet_only=quiet)
    # The list shows each patient's pain and training, so it is a view of their data too.
    clinic.access_record_many(
        physio=request.user, patients=[row.patient for row in rows], action="saw on triage list"
    )
    return render(
        request,
        "clinic/triage.html",
        {"rows": rows, "urgent": urgent, "quiet": quiet, "nav": "patients", "invite_form": InviteCodeForm()},
    )


class InviteCodeForm(ServiceFormMixin, forms.Form):
    code = forms.CharField(label="Invite code from your patient", max_length=20)


class RequestForm(ServiceFormMixin, forms.Form):
    runner_email = forms.EmailField(label="Your patient's email address")


@physio_required
@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, code: str = "") -> HttpResponse:
    form = InviteCodeForm(request.POST or None, initial={"code": code})
    status = 200
    if request.method == "POST" and not ratelimit.consume(
        request, action="invite_failed", user=request.user, dry_run=True
    ):
        # Checked before the code: once blocked, even a right code says nothing, so guessing stops.
        form.errors.clear()
        form.add_error("code", TOO_MANY_CODES)
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            link = clinic.invite_accept(physio=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            ratelimit.consume(request, action="invite_failed", user=request.user)
            form.add_service_errors(error)
        else:
            messages.success(request, f"{link.runner.profile.display_name} is now on your list.")
            return redirect("clinic:triage")
    return render(
        request,
        "clinic/invite.html",
        {"form": form, "request_form": RequestForm(), "nav": "patients"},
        status=status,
    )


TOO_MANY_CODES = "Too many wrong codes. Wait 15 minutes, then try again."
TOO_MANY_REQUESTS = "You have sent many requests in the last hour. Wait a while, then try again."


@physio_required
@require_POST
def request_access(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST)
    if form.is_valid() and not ratelimit.consume(request, action="care_request", user=request.user):
        form.add_error("runner_email", TOO_MANY_REQUESTS)
        return render(
            request, "clinic/invite.html", {"form": InviteCodeForm(), "request_form": form}, status=429
        )
    if form.is_valid():
        clinic.request_create(
            physio=request.user,
            runner_email=form.cleaned_data["runner_email"],
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )
        messages.success(request, "Request sent. Your patient will see it after signing in to Footnote.")
        return redirect("clinic:invite")
    return render(request, "clinic/invite.html", {"form": InviteCodeForm(), "request_form": form}, status=400)


PERIODS = {"4w": 4, "8w": 8, "12w": 12, "26w": 26}


@physio_required
def patient_view(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "viewed journal")
    period = request.GET.get("period", "8w")
    weeks = PERIODS.get(period, 8)
    profile = patient.profile
    flagging.flags_current(owner=patient, profile=profile)
    today = profile.today()
    since = today - timedelta(days=weeks * 7)
    checkins = list(Checkin.objects.filter(owner=patient, date__gte=since).order_by("-date"))
    runs = list(Run.objects.filter(owner=patient, date__gte=since).select_related("shoe").order_by("-date"))
    completions = list(
        ExerciseCompletion.objects.filter(owner=patient, date__gte=since)
        .select_related("exercise")
        .order_by("-date")
    )
    flags = list(Flag.objects.filter(owner=patient).order_by("-raised_at")[:100])
    timeline = _timeline(checkins, runs, completions, [f for f in flags if f.raised_at.date() >= since])
    run_points = [charts.RunPoint(r.date, r.distance_m, r.pain_during) for r in runs]
    pain = charts.pain_chart(
        checkins=[charts.PainPoint(c.date, c.pain_now, c.pain_waking) for c in checkins],
        runs=run_points,
        today=today,
        unit=profile.unit,
        weeks=weeks,
    )
    distance = charts.distance_chart(
        runs=[
            charts.RunPoint(*row)
            for row in Run.objects.filter(
                owner=patient, date__gte=today - timedelta(days=weeks * 7 + 7)
            ).values_list("date", "distance_m", "pain_during")
        ],
        today=today,
        unit=profile.unit,
        weeks=max(weeks, 4),
    )
    context = {
        "patient": patient,
        "profile": profile,
        "period": period,
        "periods": PERIODS,
        "timeline": timeline,
        "pain_chart": pain,
        "distance_chart": distance,
        "episode": InjuryEpisode.objects.filter(owner=patient, status__in=["active", "recovering"])
        .select_related("condition")
        .first(),
        "flags": flags,
        "open_flags": [f for f in flags if f.cleared_at is None],
        # A private note stays with its author, even when the patient has several physiotherapists.
        "notes": ClinicianNote.objects.filter(patient=patient)
        .filter(Q(private=False) | Q(author=request.user))
        .select_related("author__profile")[:30],
        "adherence": adherence_by_week(patient=patient, today=today),
        "prescriptions": ExercisePrescription.objects.filter(owner=patient).select_related("exercise"),
        "overrides": clinic.overrides_described(profile),
        "acwr": clinic.acwr_for(patient=patient, today=today),
        "note_form": NoteForm(),
        "unit": profile.unit,
        "report_allowed": CareLink.objects.filter(
            physio=request.user, runner=patient, revoked_at__isnull=True, report_allowed=True
        ).exists(),
        "nav": "patients",
    }
    return render(request, "clinic/patient.html", context)


def _timeline(checkins, runs, completions, flags) -> list[dict]:
    items = [{"date": c.date, "kind": "checkin", "entry": c} for c in checkins]
    items += [{"date": r.date, "kind": "run", "entry": r} for r in runs]
    items += [{"date": e.date, "kind": "exercise", "entry": e} for e in completions]
    for flag in flags:
        items.append({"date": flag.raised_at.date(), "kind": "flag_raised", "entry": flag})
        if flag.cleared_at:
            items.append({"date": flag.cleared_at.date(), "kind": "flag_cleared", "entry": flag})
    order = {"flag_raised": 0, "flag_cleared": 1, "checkin": 2, "run": 3, "exercise": 4}
    return sorted(items, key=lambda i: (-i["date"].toordinal(), order[i["kind"]]))


def adherence_by_week(*, patient, today: date, weeks: int = 4) -> list[dict]:
    """Completed against prescribed sessions, per exercise and week, with pain during them."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    prescriptions = list(ExercisePrescription.objects.filter(owner=patient).select_related("exercise"))
    done: dict[tuple[int, date], list[int]] = {}
    for exercise_id, day, pain in ExerciseCompletion.objects.filter(
        owner=patient, date__gte=start
    ).values_list("exercise_id", "date", "pain_during"):
        week = day - timedelta(days=day.weekday())
        done.setdefault((exercise_id, week), []).append(pain)
    rows = []
    for p in prescriptions:
        cells = []
        for w in range(weeks):
            week = start + timedelta(weeks=w)
            active = p.starts_on <= week + timedelta(days=6) and (p.ends_on is None or p.ends_on >= week)
            pains = done.get((p.exercise_id, week), [])
            cells.append(
                {
                    "week": week,
                    "active": active,
                    "done": len(pains),
                    "target": p.times_per_week if active else 0,
                    "pain_max": max(pains) if pains else None,
                }
            )
        rows.append({"prescription": p, "cells": cells})
    return rows


class NoteForm(ServiceFormMixin, forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    private = forms.BooleanField(label="Private: only I see it", required=False)


@physio_required
@require_POST
def note_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "added a note")
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            clinic.note_create(physio=request.user, patient=patient, **form.cleaned_data)
            messages.success(request, "Note saved.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("clinic:patient", patient_id=patient.pk)


class PrescriptionForm(ServiceFormMixin, forms.ModelForm):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.filter(is_published=True),
        to_field_name="slug",
        error_messages={"invalid_choice": "Choose an exercise from the library."},
    )

    class Meta:
        model = ExercisePrescription
        fields = ["exercise", "sets", "reps", "hold_s", "times_per_week", "starts_on", "ends_on", "notes"]
        labels = {
            "hold_s": "Or hold (seconds)",
            "times_per_week": "Times a week",
            "starts_on": "Start",
            "ends_on": "End",
        }
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 2})}


@physio_required
@require_http_methods(["GET", "POST"])
def prescription_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, None)
    instance = ExercisePrescription(
        owner=patient, prescribed_by=request.user, starts_on=patient.profile.today()
    )
    form = PrescriptionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            clinic.prescription_create(
                physio=request.user,
                patient=patient,
                **{f: form.cleaned_data[f] for f in PrescriptionForm.Meta.fields},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            clinic.access_record(physio=request.user, patient=patient, action="prescribed an exercise")
            messages.success(request, f"{form.cleaned_data['exercise'].name} prescribed.")
            return redirect("clinic:patient", patient_id=patient.pk)
    # Nothing was saved: the log says only that the form (with the patient's name) was seen.
    clinic.access_record(physio=request.user, patient=patient, action="opened the prescribe form")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "clinic/prescribe.html", {"form": form, "patient": patient, "nav": "patients"}, status=status
    )


@physio_required
@require_POST
def prescription_end(request: HttpRequest, patient_id: int, prescription_id) -> HttpResponse:
    from journal.entries import services

    patient = patient_or_404(request, patient_id, "ended a prescription")
    prescription = get_object_or_404(ExercisePrescription, pk=prescription_id, owner=patient)
    services.prescription_end(prescription=prescription, on=patient.profile.today())
    messages.success(request, "Prescription ended.")
    return redirect("clinic:patient", patient_id=patient.pk)


class ThresholdForm(ServiceFormMixin, forms.Form):
    pain_model = forms.ChoiceField(
        label=clinic.OVERRIDABLE["pain_model"],
        required=False,
        choices=[("", "From the injury (default)")] + [(m, m.title()) for m in PAIN_MODELS],
    )
    pain_during_run_limit = forms.IntegerField(
        label=clinic.OVERRIDABLE["pain_during_run_limit"], required=False, min_value=0, max_value=10
    )
    load_spike_info_pct = forms.IntegerField(
        label=clinic.OVERRIDABLE["load_spike_info_pct"], required=False, min_value=1, max_value=200
    )
    load_spike_caution_pct = forms.IntegerField(
        label=clinic.OVERRIDABLE["load_spike_caution_pct"], required=False, min_value=1, max_value=300
    )
    acwr_limit = forms.DecimalField(
        label=clinic.OVERRIDABLE["acwr_limit"], required=False, min_value=1, max_value=3, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        info, caution = data.get("load_spike_info_pct"), data.get("load_spike_caution_pct")
        if info and caution and info > caution:
            self.add_error("load_spike_info_pct", "The noted rise must not be above the caution rise.")
        if data.get("acwr_limit") is not None:
            data["acwr_limit"] = float(data["acwr_limit"])
        return data


@physio_required
@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, None)
    form = ThresholdForm(request.POST or None, initial=patient.profile.threshold_overrides)
    if request.method == "POST" and form.is_valid():
        try:
            clinic.thresholds_set(physio=request.user, patient=patient, overrides=form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            clinic.access_record(physio=request.user, patient=patient, action="set thresholds")
            messages.success(request, "Thresholds saved; the patient's flags were re-checked.")
            return redirect("clinic:patient", patient_id=patient.pk)
    clinic.access_record(physio=request.user, patient=patient, action="opened the thresholds form")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "clinic/thresholds.html",
        {"form": form, "patient": patient, "nav": "patients"},
        status=status,
    )


@physio_required
@require_POST
def return_clearance(request: HttpRequest, patient_id: int, episode_id) -> HttpResponse:
    patient = patient_or_404(request, patient_id, None)
    cleared = request.POST.get("cleared") == "1"
    try:
        clinic.return_clearance_set(
            physio=request.user, patient=patient, episode_id=episode_id, cleared=cleared
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("clinic:patient", patient_id=patient.pk)
    messages.success(
        request,
        "Cleared to start running again; the patient's readiness is checked now."
        if cleared
        else "Clearance withdrawn.",
    )
    return redirect("clinic:patient", patient_id=patient.pk)


@physio_required
@require_POST
def flag_acknowledge(request: HttpRequest, patient_id: int, flag_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "acknowledged a flag")
    flag = get_object_or_404(Flag, pk=flag_id, owner=patient, cleared_at__isnull=True)
    flagging.flag_acknowledge(flag=flag, by=request.user)
    messages.success(request, "Marked as seen; your patient can see that you have seen it.")
    return redirect("clinic:patient", patient_id=patient.pk)


def _cell(value) -> str:
    return "" if value is None else str(value)


@physio_required
def export_csv(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "exported journal")
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="footnote-patient-{patient.pk}.csv"'
    writer = SafeWriter(response)
    writer.writerow(
        [
            "date",
            "kind",
            "pain_now",
            "pain_waking",
            "distance_m",
            "duration_s",
            "pain_during",
            "detail",
            "time",
        ]
    )
    # A pain score that was not given is written as an empty cell, never as 0.
    for c in Checkin.objects.filter(owner=patient).order_by("date", "time"):
        writer.writerow(
            [
                c.date,
                "checkin",
                _cell(c.pain_now),
                _cell(c.pain_waking),
                "",
                "",
                "",
                c.side,
                f"{c.time:%H:%M}",
            ]
        )
    for r in Run.objects.filter(owner=patient).order_by("date"):
        writer.writerow(
            [r.date, "run", "", "", r.distance_m, r.duration_s, _cell(r.pain_during), r.surface, ""]
        )
    for e in ExerciseCompletion.objects.filter(owner=patient).select_related("exercise").order_by("date"):
        writer.writerow([e.date, "exercise", "", "", "", "", e.pain_during, e.exercise.name, ""])
    return response


# Runner side


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/sharing.html", _sharing_context(request))


def _sharing_context(request: HttpRequest) -> dict:
    return {
        "links": clinic.links_of(runner=request.user),
        "invites": [
            i for i in CareInvite.objects.filter(runner=request.user, used_at__isnull=True) if i.is_usable
        ],
        "requests": clinic.requests_for(runner=request.user),
        "notes": clinic.notes_for_patient(patient=request.user),
        "nav": "more",
    }


@login_required
@require_POST
def invite_create(request: HttpRequest) -> HttpResponse:
    invite = clinic.invite_create(runner=request.user)
    # Shown once, on this page: only a hash of the code is stored.
    return render(request, "clinic/sharing.html", {**_sharing_context(request), "new_invite": invite})


@login_required
@require_POST
def link_revoke(request: HttpRequest, link_id) -> HttpResponse:
    try:
        clinic.link_revoke(runner=request.user, link_id=link_id)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, "Access removed. They can no longer see your journal.")
    return redirect("sharing")


@login_required
@require_POST
def request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    accept = request.POST.get("answer") == "accept"
    try:
        clinic.request_answer(runner=request.user, request_id=request_id, accept=accept)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, "Access granted." if accept else "Request declined.")
    return redirect("sharing")
