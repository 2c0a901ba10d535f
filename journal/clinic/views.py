"""Pages for physiotherapists (the clinic) and for runners sharing their journal."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from injuries import selectors as library
from journal.accounts.roles import has_totp, is_physio
from journal.clinic import export, selectors
from journal.clinic import patient as patient_journal
from journal.clinic import services as clinic
from journal.clinic import triage as triage_list
from journal.clinic.forms import (
    InviteCodeForm,
    NoteForm,
    PrescriptionForm,
    RequestForm,
    ThresholdForm,
    usual_dose,
)
from journal.common.csv_safe import SafeWriter
from journal.entries import services as entries
from journal.flags import services as flagging
from journal.models import ExercisePrescription

# Physiotherapist side


def physio_required(view):
    """Physiotherapists only (others get 404), and only once two-factor sign-in is set up."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not is_physio(request.user):
            raise Http404
        if not has_totp(request.user):
            messages.info(request, "Set up an authenticator app before you can see any patient's journal.")
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return view(request, *args, **kwargs)

    return wrapper


def patient_or_404(request: HttpRequest, patient_id: int, action: str | None):
    """The linked patient, with the access logged as `action` (None: the caller logs what happened)."""
    patient = selectors.patient_for(physio=request.user, patient_id=patient_id)
    if patient is None:
        raise Http404
    if action is not None:
        clinic.access_record(physio=request.user, patient=patient, action=action)
    return patient


def _or_404(found):
    if found is None:
        raise Http404
    return found


@physio_required
def triage(request: HttpRequest) -> HttpResponse:
    urgent = request.GET.get("urgent") == "1"
    quiet = request.GET.get("quiet") == "1"
    search = request.GET.get("q", "")[:80]
    found = triage_list.triage(
        physio=request.user, urgent_only=urgent, quiet_only=quiet, search=search, page=request.GET.get("page")
    )
    # The list shows each patient's pain and training, so it is a view of their data too: every
    # patient on this page, in one INSERT.
    clinic.access_record_many(
        physio=request.user, patient_ids=[row.patient_id for row in found.rows], action="saw on triage list"
    )
    filters = {key: "1" for key, on in (("urgent", urgent), ("quiet", quiet)) if on}
    if search.strip():
        filters["q"] = search.strip()
    return render(
        request,
        "clinic/triage.html",
        {
            "rows": found.rows,
            "page": found.page,
            "query": urlencode(filters),
            "search": search.strip(),
            "urgent": urgent,
            "quiet": quiet,
            "nav": "patients",
            "invite_form": InviteCodeForm(),
        },
    )


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
    flagging.flags_current(owner=patient, profile=patient.profile)
    context = {
        "patient": patient,
        "period": period,
        "periods": PERIODS,
        **patient_journal.patient_page(physio=request.user, patient=patient, weeks=weeks),
        "note_form": NoteForm(),
        "nav": "patients",
    }
    return render(request, "clinic/patient.html", context)


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


SEARCH_LENGTH_MAX = 80


@physio_required
@require_http_methods(["GET", "POST"])
def prescription_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, None)
    if request.method == "GET" and request.htmx:
        return _picker_search(request)
    instance = ExercisePrescription(
        owner=patient, prescribed_by=request.user, starts_on=patient.profile.today()
    )
    if request.method == "POST":
        form = PrescriptionForm(request.POST, instance=instance)
        query, chosen, filled_from = "", request.POST.get("exercise", ""), None
    else:
        query = request.GET.get("q", "")[:SEARCH_LENGTH_MAX].strip()
        chosen = request.GET.get("exercise", "")
        # A link may name the exercise (?exercise=slug): it is chosen, with its usual dose filled in.
        filled_from = library.exercise_published(slug=chosen)
        form = PrescriptionForm(instance=instance, initial={"exercise": chosen, **usual_dose(filled_from)})
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
    context = {
        "form": form,
        "patient": patient,
        "nav": "patients",
        "filled_from": filled_from,
        **_picker_context(query=query, chosen=chosen),
    }
    return render(request, "clinic/prescribe.html", context, status=status)


def _picker_context(*, query: str, chosen: str) -> dict:
    exercises = library.exercises_matching(query=query, keep=chosen)
    return {
        "exercises": exercises,
        "matched_count": sum(exercise.matched for exercise in exercises),
        "query": query,
        "chosen": chosen,
    }


def _picker_search(request: HttpRequest) -> HttpResponse:
    """The picker's answer while the physiotherapist types: the matching exercises. It holds nothing of
    the patient's, so it is not logged (the page it sits in was), or a search would fill the patient's
    access log with a line every few keystrokes."""
    query = request.GET.get("q", "")[:SEARCH_LENGTH_MAX].strip()
    context = {**_picker_context(query=query, chosen=request.GET.get("exercise", "")), "oob": True}
    return render(request, "clinic/_exercise_options.html", context)


@physio_required
@require_POST
def prescription_end(request: HttpRequest, patient_id: int, prescription_id) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "ended a prescription")
    prescription = _or_404(patient_journal.prescription_of(patient=patient, prescription_id=prescription_id))
    entries.prescription_end(prescription=prescription, on=patient.profile.today())
    messages.success(request, "Prescription ended.")
    return redirect("clinic:patient", patient_id=patient.pk)


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
    flag = _or_404(patient_journal.flag_open_of(patient=patient, flag_id=flag_id))
    flagging.flag_acknowledge(flag=flag, by=request.user)
    messages.success(request, "Marked as seen; your patient can see that you have seen it.")
    return redirect("clinic:patient", patient_id=patient.pk)


@physio_required
def export_csv(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(request, patient_id, "exported journal")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="footnote-patient-{patient.pk}.csv"'
    # The byte-order mark tells Excel the file is UTF-8 (names, "×" in doses).
    response.write("\ufeff")
    writer = SafeWriter(response)
    writer.writerow(export.export_columns(unit=patient.profile.unit))
    writer.writerows(export.export_rows(physio=request.user, patient=patient))
    return response


# Runner side


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/sharing.html", _sharing_context(request))


def _sharing_context(request: HttpRequest) -> dict:
    return {
        "links": selectors.links_of(runner=request.user),
        "invites": selectors.invites_usable_of(runner=request.user),
        "requests": selectors.requests_for(runner=request.user),
        "notes": selectors.notes_for_patient(patient=request.user),
        "invites_max": clinic.INVITES_LIVE_MAX,
        "nav": "more",
    }


@login_required
@require_POST
def invite_create(request: HttpRequest) -> HttpResponse:
    try:
        invite = clinic.invite_create(runner=request.user)
    except ValidationError as error:
        context = {**_sharing_context(request), "invite_error": " ".join(error.messages)}
        return render(request, "clinic/sharing.html", context, status=400)
    # Shown once, on this page: only a hash of the code is stored.
    return render(request, "clinic/sharing.html", {**_sharing_context(request), "new_invite": invite})


@login_required
@require_POST
def invite_withdraw(request: HttpRequest, invite_id: int) -> HttpResponse:
    try:
        clinic.invite_withdraw(runner=request.user, invite_id=invite_id)
    except ValidationError as error:
        raise Http404 from error
    messages.success(request, "Invite code withdrawn. It can no longer be used.")
    return redirect("sharing")


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
