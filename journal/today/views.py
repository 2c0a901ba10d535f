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
from journal.entries.selectors import episode_active
from journal.flags import services as flagging
from journal.models import ExercisePrescription, ReturnPlan
from journal.today.dashboard import checkins_from_rows, dashboard_for, trends_for
from journal.today.selectors import checkins_recent, flag_of_runner, flags_history_page


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("clinic:triage" if is_physio(request.user) else "journal:today")
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
        checkins = checkins_recent(owner=request.user, today=profile.today())
    board = dashboard_for(owner=request.user, profile=profile, checkins=checkins, refreshed=refreshed)
    trends = trends_for(
        owner=request.user, profile=profile, episode=board.episode, checkins=checkins, rows=rows
    )
    default_shoe = next((w.shoe for w in trends.shoes if w.shoe.is_default), None)
    context = {
        "checkin_form": CheckinForm(owner=request.user, unit=profile.unit),
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


def dashboard_partial_part(request: HttpRequest, part: str, **extra) -> HttpResponse:
    if part == "dashboard":
        context = {"board": dashboard_for(owner=request.user, profile=profile_of(request))}
    elif part == "trends":
        # "Today so far" sits higher up the page and comes along out of band.
        context = {"trends": trends_for(owner=request.user, profile=profile_of(request)), "so_far_oob": True}
    else:
        raise Http404
    return render(request, f"journal/today.html#{part}", {**context, **extra})


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
        return dashboard_partial_part(request, "trends", exercises_open=True)
    return redirect("journal:today")


@login_required
def flag_history(request: HttpRequest) -> HttpResponse:
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
