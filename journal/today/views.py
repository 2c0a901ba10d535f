"""The Today screen: the dashboard, its partials, and what a runner does from it (flags, prescribed
exercises, the walk-run plan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal.accounts.roles import is_physio
from journal.common.http import owned_or_404, profile_of
from journal.entries import services
from journal.entries.forms.checkins import CheckinForm
from journal.entries.forms.injuries import ReturnPlanForm
from journal.entries.forms.runs import RunForm
from journal.entries.selectors import episode_active, shoes_active
from journal.flags import services as flagging
from journal.flags.facts import JournalRows
from journal.models import ExercisePrescription, Profile, ReturnPlan
from journal.today.dashboard import (
    CARE_TIP_DAYS,
    Dashboard,
    TodaySoFar,
    checkins_from_rows,
    dashboard_for,
    today_so_far,
    trends_for,
)
from journal.today.selectors import checkins_recent, flag_of_runner, flags_history_page


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("clinic:triage" if is_physio(request.user) else "journal:today")
    return render(request, "journal/home.html")


def _top_of_today(request: HttpRequest, profile: Profile) -> tuple[Dashboard, TodaySoFar, JournalRows | None]:
    """The answer to "can I run today?" and today so far. Flags are as of the runner's today:
    re-evaluated first if they are from an earlier day, and the rows read for that serve the rest."""
    day = profile.today()
    refreshed = flagging.flags_current(owner=request.user, profile=profile)
    rows = refreshed.rows if refreshed is not None else None
    if rows is not None:
        checkins = checkins_from_rows(rows, day)
    else:
        checkins = checkins_recent(owner=request.user, today=day, days=CARE_TIP_DAYS)
    board = dashboard_for(owner=request.user, profile=profile, checkins=checkins, refreshed=refreshed)
    return board, today_so_far(owner=request.user, today=day, checkins=checkins, rows=rows), rows


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The answer, today so far and the two forms; the trends come on demand (the view below)."""
    profile = profile_of(request)
    board, so_far, rows = _top_of_today(request, profile)
    # Shoes in use: those the re-evaluation just read, if it ran.
    shoes = [wear.shoe for wear in rows.shoes] if rows is not None else list(shoes_active(owner=request.user))
    context = {
        "checkin_form": CheckinForm(owner=request.user, unit=profile.unit),
        "run_form": RunForm(
            owner=request.user,
            unit=profile.unit,
            return_plan=board.plan,
            default_shoe=next((shoe for shoe in shoes if shoe.is_default), None),
            shoes=shoes,
        ),
        "board": board,
        "so_far": so_far,
        "nav": "today",
    }
    return render(request, "journal/today.html", context)


@login_required
def trends(request: HttpRequest, *, exercises_open: bool = False) -> HttpResponse:
    """Today's lower half (charts, exercises, shoes): fetched by Today once scrolled to, or a page of
    its own (the link Today shows without JavaScript)."""
    context = {
        "trends": trends_for(owner=request.user, profile=profile_of(request)),
        "exercises_open": exercises_open,
        "nav": "today",
    }
    template = "journal/trends.html#trends" if request.htmx else "journal/trends.html"
    return render(request, template, context)


@login_required
def dashboard_partial(request: HttpRequest) -> HttpResponse:
    """The top of Today again after a change (a save, a sync, a flag seen): today so far out of band."""
    if request.GET.get("part", "dashboard") != "dashboard":
        raise Http404
    board, so_far, _ = _top_of_today(request, profile_of(request))
    context = {"board": board, "so_far": so_far, "so_far_oob": True}
    return render(request, "journal/today.html#dashboard", context)


@login_required
@require_POST
def flag_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    flag = flag_of_runner(owner=request.user, pk=pk)
    if flag is None:
        raise Http404
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
    if request.POST.get("back") == "detail":
        return redirect("journal:flag_detail", pk=flag.pk)
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
        # The list just ticked stays open.
        return trends(request, exercises_open=True)
    return redirect("journal:trends")


@login_required
def flag_history(request: HttpRequest) -> HttpResponse:
    flagging.flags_current(owner=request.user, profile=profile_of(request))
    page = flags_history_page(owner=request.user, page_number=request.GET.get("page"))
    return render(request, "journal/flag_history.html", {"page": page, "nav": "more"})


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = flag_of_runner(owner=request.user, pk=pk)
    if flag is None:
        raise Http404
    return render(request, "journal/flag_detail.html", {"flag": flag, "nav": "more"})


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
