from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from journal.common.http import owned_or_404, profile_of
from journal.entries import services
from journal.entries.forms.checkins import CheckinForm, CompletionForm
from journal.entries.forms.injuries import EpisodeForm
from journal.entries.forms.runs import RunForm, ShoeForm
from journal.entries.selectors import episodes_with_condition, history_page, shoe_wear
from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Run, Shoe


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


def kind_or_404(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


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
    page = history_page(
        owner=request.user, before=_day_param(request, "before"), after=_day_param(request, "after")
    )
    return render(request, "journal/history.html", {"page": page, "nav": "history"})


def _day_param(request: HttpRequest, name: str) -> date | None:
    """A page key from the query string; anything that is not a date shows the newest page."""
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None


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


@login_required
def injury_list(request: HttpRequest) -> HttpResponse:
    episodes = episodes_with_condition(owner=request.user)
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
