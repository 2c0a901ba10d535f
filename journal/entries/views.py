from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from journal.clinic import services as clinic
from journal.entries import services
from journal.entries.forms import (
    CheckinForm,
    CompletionForm,
    EpisodeForm,
    ProfileForm,
    ReturnPlanForm,
    RunForm,
    ShoeForm,
)
from journal.entries.selectors import api_tokens, episode_active, history_page, shoe_wear
from journal.exports.flow import exports_of
from journal.flags import services as flagging
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    Profile,
    ReturnPlan,
    Run,
    Shoe,
)
from journal.today.dashboard import checkins_from_rows, dashboard_for, recent_checkins, trends_for


@dataclass(frozen=True)
class Kind:
    """A kind of journal entry the Log page, History and the edit views share."""

    slug: str
    model: type[Model]
    form_class: type
    delete: Callable[[Model], None]
    label: str
    template: str


KINDS = {
    "checkin": Kind(
        "checkin",
        Checkin,
        CheckinForm,
        lambda e: services.checkin_delete(checkin=e),
        "Check-in",
        "journal/partials/_checkin_form.html",
    ),
    "run": Kind(
        "run", Run, RunForm, lambda e: services.run_delete(run=e), "Run", "journal/partials/_run_form.html"
    ),
    "exercise": Kind(
        "exercise",
        ExerciseCompletion,
        CompletionForm,
        lambda e: services.completion_delete(completion=e),
        "Exercise",
        "journal/partials/_completion_form.html",
    ),
    "injury": Kind(
        "injury",
        InjuryEpisode,
        EpisodeForm,
        lambda e: services.episode_delete(episode=e),
        "Injury",
        "journal/partials/_episode_form.html",
    ),
}


def profile_of(request: HttpRequest) -> Profile:
    profile = getattr(request.user, "profile", None)
    if profile is None:
        profile = services.profile_update(
            user=request.user, display_name=request.user.get_username(), unit="km", time_zone="UTC"
        )
    return profile


def kind_or_404(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def owned_or_404(model: type[Model], *, pk, owner) -> Model:
    # Someone else's entry answers exactly like a missing one.
    return get_object_or_404(model, pk=pk, owner=owner)


def make_form(kind: Kind, request: HttpRequest, *, instance=None, data=None):
    return kind.form_class(data, owner=request.user, unit=profile_of(request).unit, instance=instance)


def save_form(form) -> object | None:
    """Validate and save through the service; None (with errors on the form) when the input is refused."""
    if not form.is_valid():
        return None
    try:
        return form.save_entry()
    except ValidationError as error:
        form.add_service_errors(error)
    except services.EntryNotFound:
        form.add_error(None, "This entry could not be saved; reload the page and try again.")
    return None


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("clinic:triage" if clinic.is_physio(request.user) else "journal:today")
    return render(request, "journal/home.html")


@login_required
def today(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    # Flags as of the runner's today: re-evaluated first if they are from an earlier day.
    refreshed = flagging.flags_current(owner=request.user, profile=profile)
    rows = refreshed.rows if refreshed is not None else None
    if rows is not None:
        checkins = checkins_from_rows(rows, profile.today())
    else:
        checkins = recent_checkins(owner=request.user, today=profile.today())
    board = dashboard_for(owner=request.user, profile=profile, checkins=checkins, refreshed=refreshed)
    trends = trends_for(
        owner=request.user, profile=profile, episode=board.episode, checkins=checkins, rows=rows
    )
    default_shoe = next((w.shoe for w in trends.shoes if w.shoe.is_default), None)
    context = {
        "checkin_form": make_form(KINDS["checkin"], request),
        "run_form": RunForm(
            owner=request.user,
            unit=profile.unit,
            return_plan=board.plan,
            default_shoe=default_shoe,
            shoes=[w.shoe for w in trends.shoes],
        ),
        "board": board,
        "trends": trends,
        "nav": "today",
    }
    return render(request, "journal/today.html", context)


@login_required
def dashboard_partial(request: HttpRequest) -> HttpResponse:
    return dashboard_partial_part(request, request.GET.get("part", "dashboard"))


def dashboard_partial_part(request: HttpRequest, part: str) -> HttpResponse:
    if part == "dashboard":
        context = {"board": dashboard_for(owner=request.user, profile=profile_of(request))}
    elif part == "trends":
        context = {"trends": trends_for(owner=request.user, profile=profile_of(request))}
    else:
        raise Http404
    return render(request, f"journal/today.html#{part}", context)


@login_required
@require_POST
def flag_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    flag = get_object_or_404(Flag, pk=pk, owner=request.user, clinician_only=False)
    try:
        if action == "acknowledge":
            flagging.flag_acknowledge(flag=flag, by=request.user)
        elif action == "dismiss":
            flagging.flag_dismiss(flag=flag)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return dashboard_partial(request)
    return redirect("journal:today")


@login_required
@require_POST
def prescription_done(request: HttpRequest, pk) -> HttpResponse:
    prescription = owned_or_404(ExercisePrescription, pk=pk, owner=request.user)
    try:
        pain = int(request.POST.get("pain_during", "0") or 0)
    except ValueError:
        pain = -1
    try:
        services.completion_record(
            owner=request.user,
            date=profile_of(request).today(),
            exercise=prescription.exercise,
            prescription=prescription,
            sets_done=prescription.sets,
            reps_done=prescription.reps or prescription.hold_s,
            pain_during=pain,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return dashboard_partial_part(request, "trends")
    return redirect("journal:today")


@login_required
def flag_history(request: HttpRequest) -> HttpResponse:
    flags = Flag.objects.filter(owner=request.user, clinician_only=False).order_by("-raised_at")
    page = Paginator(flags, 30).get_page(request.GET.get("page"))
    return render(request, "journal/flag_history.html", {"page": page, "nav": "more"})


@login_required
@require_POST
def return_plan_start(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    form = ReturnPlanForm(request.POST, unit=profile.unit)
    if form.is_valid():
        try:
            services.return_plan_start(
                owner=request.user,
                started_on=profile.today(),
                pre_injury_weekly_m=form.cleaned_data["pre_injury_weekly_m"],
                episode=episode_active(owner=request.user),
            )
            messages.success(request, "Your walk-run plan has started. Log each session as part of the plan.")
        except ValidationError as error:
            form.add_service_errors(error)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("journal:today")


@login_required
@require_POST
def return_plan_end(request: HttpRequest, pk) -> HttpResponse:
    plan = owned_or_404(ReturnPlan, pk=pk, owner=request.user)
    status = request.POST.get("status", "")
    try:
        services.return_plan_end(plan=plan, status=status, on=profile_of(request).today())
        messages.success(request, "Plan completed. Well done." if status == "completed" else "Plan stopped.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("journal:today")


@login_required
def log(request: HttpRequest) -> HttpResponse:
    kind = KINDS.get(request.GET.get("what", ""), KINDS["checkin"])
    context = {"kind": kind, "kinds": KINDS.values(), "form": make_form(kind, request), "nav": "log"}
    template = "journal/log.html#log-form" if request.htmx else "journal/log.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    entry_kind = kind_or_404(kind)
    if request.method == "GET":
        return redirect(f"{reverse('journal:log')}?what={entry_kind.slug}")
    form = make_form(entry_kind, request, data=request.POST)
    entry = save_form(form)
    if entry is None:
        status = 200 if request.htmx else 400
        if request.htmx:
            return render(request, entry_kind.template, {"form": form, "kind": entry_kind}, status=status)
        return render(
            request,
            "journal/entry_form_page.html",
            {"form": form, "kind": entry_kind, "nav": "log"},
            status=status,
        )
    saved = f"{entry_kind.label} saved."
    if request.htmx:
        fresh = make_form(entry_kind, request)
        context = {"form": fresh, "kind": entry_kind, "saved": saved, "add_another": True}
        response = render(request, entry_kind.template, context)
        response["HX-Trigger"] = "journal-changed"
        return response
    messages.success(request, saved)
    return redirect(_safe_next(request) or reverse("journal:today"))


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, pk) -> HttpResponse:
    entry_kind = kind_or_404(kind)
    entry = owned_or_404(entry_kind.model, pk=pk, owner=request.user)
    form = make_form(
        entry_kind, request, instance=entry, data=request.POST if request.method == "POST" else None
    )
    context = {"form": form, "kind": entry_kind, "entry": entry, "nav": "history"}
    if request.method == "POST":
        if save_form(form) is not None:
            messages.success(request, f"{entry_kind.label} updated.")
            return _redirect(request, reverse("journal:history"))
        if request.htmx:
            return render(request, entry_kind.template, context)
        return render(request, "journal/entry_form_page.html", context, status=400)
    return render(request, "journal/entry_form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, kind: str, pk) -> HttpResponse:
    entry_kind = kind_or_404(kind)
    entry = owned_or_404(entry_kind.model, pk=pk, owner=request.user)
    if request.method == "POST":
        entry_kind.delete(entry)
        messages.success(request, f"{entry_kind.label} deleted.")
        return redirect("journal:history")
    return render(
        request, "journal/entry_delete.html", {"entry": entry, "kind": entry_kind, "nav": "history"}
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = history_page(owner=request.user, page_number=request.GET.get("page"))
    return render(request, "journal/history.html", {"page": page, "nav": "history"})


# Shoes


@login_required
def shoe_list(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request)
    rows = shoe_wear(owner=request.user)
    context = {
        "active": [r for r in rows if not r.shoe.retired_on],
        "retired": [r for r in rows if r.shoe.retired_on],
        "unit": profile.unit,
        "nav": "shoes",
    }
    return render(request, "journal/shoes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def shoe_form(request: HttpRequest, pk=None) -> HttpResponse:
    shoe = owned_or_404(Shoe, pk=pk, owner=request.user) if pk else None
    data = request.POST if request.method == "POST" else None
    form = ShoeForm(data, owner=request.user, unit=profile_of(request).unit, instance=shoe)
    if request.method == "POST" and save_form(form) is not None:
        messages.success(request, "Shoe saved.")
        return _redirect(request, reverse("journal:shoes"))
    template = "journal/shoe_form.html#shoe-form" if request.htmx else "journal/shoe_form.html"
    status = 400 if request.method == "POST" and not request.htmx else 200
    return render(request, template, {"form": form, "shoe": shoe, "nav": "shoes"}, status=status)


@login_required
@require_POST
def shoe_action(request: HttpRequest, pk, action: str) -> HttpResponse:
    shoe = owned_or_404(Shoe, pk=pk, owner=request.user)
    try:
        if action == "retire":
            services.shoe_retire(shoe=shoe, on=profile_of(request).today())
            messages.success(request, f"{shoe.name} retired.")
        elif action == "unretire":
            services.shoe_unretire(shoe=shoe)
            messages.success(request, f"{shoe.name} is back in use.")
        elif action == "default":
            services.shoe_set_default(shoe=shoe)
            messages.success(request, f"{shoe.name} is now your default shoe.")
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("journal:shoes")


# Settings and the rest


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
            services.profile_update(user=request.user, **form.cleaned_data)
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
    token = services.api_token_create(user=request.user)
    # Shown once: only a hash of it is stored.
    return render(
        request,
        "journal/settings.html",
        _settings_context(request, ProfileForm(instance=profile_of(request)), new_token=token),
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, key: str) -> HttpResponse:
    if not services.api_token_revoke(user=request.user, token_key=key):
        raise Http404
    messages.success(request, "Token revoked. Apps using it can no longer reach your journal.")
    return redirect("journal:settings")


@login_required
def injury_list(request: HttpRequest) -> HttpResponse:
    episodes = InjuryEpisode.objects.filter(owner=request.user).select_related("condition")
    return render(
        request,
        "journal/injuries.html",
        {
            "episodes": episodes,
            "form": make_form(KINDS["injury"], request),
            "kind": KINDS["injury"],
            "nav": "more",
        },
    )


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # htmx would swap a followed redirect's whole page into the form; ask it to navigate instead.
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _safe_next(request: HttpRequest) -> str | None:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None
