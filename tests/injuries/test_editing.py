"""Editing the library: content editors in the admin, history and revert, drafts, sanitised Markdown,
and the library as data (export and load)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from injuries.apps import EDITORS_GROUP
from injuries.library_io import LIBRARY_PATH, library_export, library_import
from injuries.models import Condition, Exercise, RedFlagAdvice
from tests.factories import make_checkin, make_user

NEW_SELF_CARE = "- Rest from running for **two weeks**.\n- Roll a frozen bottle under the arch."

pytestmark = pytest.mark.usefixtures("library")


def form_data(response) -> dict:
    """What the admin form on this page would send back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def article(response) -> str:
    text = response.content.decode()
    return text.split('<article class="prose">', 1)[1].split("</article>", 1)[0]


def self_care_html(client, slug: str) -> str:
    text = client.get(f"/conditions/{slug}/").content.decode()
    return text.split('<div data-testid="self-care">', 1)[1].split("</div>", 1)[0]


# --- Who the editors are ---------------------------------------------------------------------------


def test_the_editors_group_has_only_library_permissions(db):
    group = Group.objects.get(name=EDITORS_GROUP)
    perms = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {app for app, _ in perms} == {"injuries"}
    for model in ["condition", "exercise", "redflagadvice"]:
        for action in ["add", "change", "delete", "view"]:
            assert ("injuries", f"{action}_{model}") in perms
        assert ("injuries", f"view_historical{model}") in perms


@pytest.mark.parametrize("model", ["condition", "exercise", "redflagadvice"])
def test_editor_opens_the_library_in_the_admin(editor_client, model):
    obj = {
        "condition": lambda: Condition.objects.get(slug="plantar-fasciitis"),
        "exercise": lambda: Exercise.objects.get(slug="calf-raises"),
        "redflagadvice": lambda: RedFlagAdvice.objects.get(code="red_calf"),
    }[model]()
    assert editor_client.get(reverse("admin:index")).status_code == 200
    assert editor_client.get(reverse(f"admin:injuries_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:injuries_{model}_changelist"), {"q": "a"}).status_code == 200
    assert editor_client.get(reverse(f"admin:injuries_{model}_add")).status_code == 200
    change = editor_client.get(reverse(f"admin:injuries_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert "adminform" in change.context
    assert editor_client.get(reverse(f"admin:injuries_{model}_history", args=[obj.pk])).status_code == 200


def test_editor_edits_self_care_sees_history_and_reverts(editor_client, editor):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    old_self_care = condition.self_care
    public = Client()
    change_url = reverse("admin:injuries_condition_change", args=[condition.pk])

    response = editor_client.get(change_url)
    data = form_data(response)
    assert data["exercises"], "the ManyToMany goes back as a list of pks"
    assert data["self_care"] == old_self_care
    data["self_care"] = NEW_SELF_CARE
    response = editor_client.post(change_url, {**data, "_save": "Save"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == reverse("admin:injuries_condition_changelist")

    condition.refresh_from_db()
    assert condition.self_care == NEW_SELF_CARE
    # Nothing else moved.
    assert set(condition.exercises.values_list("pk", flat=True)) == {int(pk) for pk in data["exercises"]}
    shown = self_care_html(public, condition.slug)
    assert "<strong>two weeks</strong>" in shown
    assert "Roll a frozen bottle under the arch." in shown

    # History lists both versions, the edit by the editor.
    history = editor_client.get(reverse("admin:injuries_condition_history", args=[condition.pk]))
    assert history.status_code == 200
    records = list(history.context["page_obj"])
    texts = [r.self_care for r in records]
    assert texts[0] == NEW_SELF_CARE
    assert old_self_care in texts
    assert records[0].history_user == editor
    page = history.content.decode()
    for record in records:
        assert reverse("admin:injuries_condition_simple_history", args=[condition.pk, record.pk]) in page

    # Revert: open the old version and press "Revert" (POST its form back).
    old = next(r for r in records if r.self_care == old_self_care)
    revert_url = reverse("admin:injuries_condition_simple_history", args=[condition.pk, old.history_id])
    response = editor_client.get(revert_url)
    assert response.status_code == 200
    assert 'value="Revert"' in response.content.decode()
    data = form_data(response)
    assert data["self_care"] == old_self_care
    response = editor_client.post(revert_url, {**data, "_save": "Revert"})
    assert response.status_code == 302

    condition.refresh_from_db()
    assert condition.self_care == old_self_care
    shown = self_care_html(public, condition.slug)
    assert "two weeks" not in shown
    assert "Roll a frozen bottle" not in shown
    assert condition.history.count() >= 3
    assert condition.history.first().self_care == old_self_care


def test_record_instance_save_also_restores_a_version():
    advice = RedFlagAdvice.objects.get(code="red_calf")
    original = advice.headline
    advice.headline = "Changed headline"
    advice.save()
    earlier = advice.history.filter(headline=original).first()
    earlier.instance.save()
    advice.refresh_from_db()
    assert advice.headline == original
    assert advice.history.count() >= 3


def test_editor_edits_an_exercise_and_red_flag_advice(editor_client):
    exercise = Exercise.objects.get(slug="calf-raises")
    url = reverse("admin:injuries_exercise_change", args=[exercise.pk])
    data = form_data(editor_client.get(url))
    data["cautions"] = "Stop if it **hurts**."
    assert editor_client.post(url, data).status_code == 302
    assert "Stop if it <strong>hurts</strong>." in Client().get("/exercises/calf-raises/").content.decode()

    advice = RedFlagAdvice.objects.get(code="red_calf")
    url = reverse("admin:injuries_redflagadvice_change", args=[advice.pk])
    data = form_data(editor_client.get(url))
    data["headline"] = "Call for help now"
    assert editor_client.post(url, data).status_code == 302
    advice.refresh_from_db()
    assert advice.headline == "Call for help now"


# --- What editors cannot reach ---------------------------------------------------------------------

JOURNAL_MODELS = [
    "profile",
    "shoe",
    "run",
    "checkin",
    "injuryepisode",
    "exerciseprescription",
    "exercisecompletion",
]


@pytest.mark.parametrize("model", JOURNAL_MODELS)
def test_editors_cannot_open_journal_models_in_the_admin(editor_client, model):
    assert editor_client.get(reverse(f"admin:journal_{model}_changelist")).status_code == 403
    assert editor_client.get(reverse(f"admin:journal_{model}_add")).status_code == 403


def test_editors_cannot_open_user_accounts_in_the_admin(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_admin_index_shows_editors_only_the_library(editor_client):
    apps = {app["app_label"] for app in editor_client.get(reverse("admin:index")).context["app_list"]}
    assert apps == {"injuries"}


def test_editors_cannot_open_a_runners_journal_entries(editor_client, runner):
    checkin = make_checkin(runner, day=date.today() - timedelta(days=2), pain_now=3)
    url = reverse("journal:entry_edit", args=["checkin", checkin.pk])
    owner = Client()
    owner.force_login(runner)
    assert owner.get(url).status_code == 200
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url, {"pain_now": "0"}).status_code == 404
    admin_url = reverse("admin:journal_checkin_change", args=[checkin.pk])
    assert editor_client.get(admin_url).status_code == 403


def test_editors_are_not_clinicians(editor_client):
    assert editor_client.get("/clinic/").status_code == 404


# --- Drafts ----------------------------------------------------------------------------------------


@pytest.fixture
def drafts():
    condition = Condition.objects.get(slug="cuboid-syndrome")
    condition.is_published = False
    condition.save()
    exercise = Exercise.objects.get(slug="toe-walks")
    exercise.is_published = False
    exercise.save()
    return condition, exercise


@pytest.mark.parametrize("who", ["anonymous", "runner"])
def test_drafts_are_404_for_the_public(client, runner, drafts, who):
    if who == "runner":
        client.force_login(runner)
    condition, exercise = drafts
    assert client.get(f"/conditions/{condition.slug}/").status_code == 404
    assert client.get(f"/exercises/{exercise.slug}/").status_code == 404
    conditions = client.get("/conditions/").content.decode()
    assert f"/conditions/{condition.slug}/" not in conditions
    exercises = client.get("/exercises/").content.decode()
    assert f"/exercises/{exercise.slug}/" not in exercises
    assert f'value="{condition.slug}"' not in exercises
    # Nor linked from the pages that would name them.
    assert (
        f"/exercises/{exercise.slug}/"
        not in client.get("/conditions/chronic-ankle-instability/").content.decode()
    )
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/conditions/{condition.slug}/" not in sitemap
    assert f"/exercises/{exercise.slug}/" not in sitemap


def test_draft_condition_filter_shows_no_exercises(client, drafts):
    condition, _exercise = drafts
    assert list(client.get("/exercises/", {"condition": condition.slug}).context["exercises"]) == []


def test_editors_preview_drafts(editor_client, drafts):
    condition, exercise = drafts
    for url, name in [
        (f"/conditions/{condition.slug}/", condition.name),
        (f"/exercises/{exercise.slug}/", exercise.name),
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Draft: only editors can see this page." in text
        assert name in text
    assert "Draft" not in editor_client.get("/conditions/plantar-fasciitis/").content.decode()


def test_a_staff_user_without_the_library_permission_cannot_preview(client, drafts):
    staff = make_user("staff@example.com", name="Staff")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    condition, _exercise = drafts
    assert client.get(f"/conditions/{condition.slug}/").status_code == 404


# --- Markdown is sanitised -------------------------------------------------------------------------

HOSTILE = (
    "Before.\n\n"
    "<script>alert(1)</script>\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    "[click me](javascript:alert(1))\n\n"
    '<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>\n\n'
    "**bold words**\n\n"
    "- first item\n- second item\n"
)


def assert_harmless(fragment: str) -> None:
    lowered = fragment.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<img" not in lowered
    assert "<strong>bold words</strong>" in fragment
    assert re.search(r"<ul>\s*<li>first item</li>\s*<li>second item</li>\s*</ul>", fragment)


@pytest.mark.parametrize(
    "field",
    ["how_it_feels", "triggers", "lookalikes", "self_care", "when_to_see_professional", "return_to_run"],
)
def test_condition_markdown_is_sanitised(client, field):
    Condition.objects.filter(slug="plantar-fasciitis").update(**{field: HOSTILE})
    response = client.get("/conditions/plantar-fasciitis/")
    assert response.status_code == 200
    assert_harmless(article(response))
    assert "Before." in article(response)


def test_exercise_cautions_markdown_is_sanitised(client):
    Exercise.objects.filter(slug="calf-raises").update(cautions=HOSTILE)
    assert_harmless(article(client.get("/exercises/calf-raises/")))


def test_red_flag_markdown_is_sanitised(client):
    RedFlagAdvice.objects.filter(code="red_calf").update(advice=HOSTILE, avoid=HOSTILE)
    text = client.get(
        "/what-might-this-be/", {"regions": ["shin"], "onset": "unsure", "calf_swollen_warm": "on"}
    ).content.decode()
    banner = text.split('role="alert"', 1)[1].split('<h2 id="results-title">', 1)[0]
    assert_harmless(banner)


MARKDOWN_FIELDS = [
    ("condition", "plantar-fasciitis", "how_it_feels"),
    ("condition", "plantar-fasciitis", "triggers"),
    ("condition", "plantar-fasciitis", "lookalikes"),
    ("condition", "plantar-fasciitis", "self_care"),
    ("condition", "plantar-fasciitis", "when_to_see_professional"),
    ("condition", "plantar-fasciitis", "return_to_run"),
    ("exercise", "calf-raises", "cautions"),
    ("redflagadvice", "red_calf", "advice"),
    ("redflagadvice", "red_calf", "avoid"),
]


@pytest.mark.parametrize(("model", "key", "field"), MARKDOWN_FIELDS)
def test_admin_previews_every_markdown_field_sanitised_and_rendered(editor_client, model, key, field):
    # The preview shows the page's HTML (already cleaned by nh3), not the tags as text.
    rows = {
        "condition": Condition.objects,
        "exercise": Exercise.objects,
        "redflagadvice": RedFlagAdvice.objects,
    }
    lookup = {"code": key} if model == "redflagadvice" else {"slug": key}
    rows[model].filter(**lookup).update(**{field: HOSTILE})
    pk = rows[model].get(**lookup).pk
    text = editor_client.get(reverse(f"admin:injuries_{model}_change", args=[pk])).content.decode()
    preview = text.split(f'data-field="{field}">', 1)[1].split("</div>", 1)[0]
    assert_harmless(preview)


def test_plain_text_fields_are_escaped(client):
    Condition.objects.filter(slug="plantar-fasciitis").update(
        name="<script>alert(1)</script>Plantar", recovery_time="<b onmouseover=x>6 weeks</b>"
    )
    text = client.get("/conditions/plantar-fasciitis/").content.decode()
    assert "<script>alert(1)" not in text
    assert "<b onmouseover" not in text
    assert "&lt;script&gt;" in text


# --- The library as data ---------------------------------------------------------------------------


def export() -> dict:
    out = io.StringIO()
    call_command("export_library", stdout=out)
    return json.loads(out.getvalue())


def test_export_then_load_into_an_empty_library_round_trips(tmp_path):
    Condition.objects.filter(slug="cuboid-syndrome").update(is_published=False)
    before = export()
    assert len(before["conditions"]) >= 12 and len(before["exercises"]) >= 25 and before["red_flags"]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(before), encoding="utf-8")

    Condition.objects.all().delete()
    Exercise.objects.all().delete()
    RedFlagAdvice.objects.all().delete()
    assert export() == {"exercises": [], "conditions": [], "red_flags": []}

    out = io.StringIO()
    call_command("load_library", str(path), stdout=out)
    assert f"{len(before['conditions'])} conditions, {len(before['exercises'])} exercises" in out.getvalue()
    assert export() == before
    assert Condition.objects.get(slug="cuboid-syndrome").is_published is False


def test_the_export_matches_the_library_file():
    source = json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    exported = export()
    by_slug = {c["slug"]: c for c in exported["conditions"]}
    assert set(by_slug) == {c["slug"] for c in source["conditions"]}
    for item in source["conditions"]:
        got = by_slug[item["slug"]]
        for key, value in item.items():
            expected = sorted(value) if key == "exercises" else value
            assert got[key] == expected, (item["slug"], key)
    assert {e["slug"] for e in exported["exercises"]} == {e["slug"] for e in source["exercises"]}
    assert {r["code"] for r in exported["red_flags"]} == {r["code"] for r in source["red_flags"]}


def test_loading_twice_changes_nothing():
    before = export()
    call_command("load_library", stdout=io.StringIO())
    assert export() == before


def test_a_library_naming_an_unknown_exercise_changes_nothing(tmp_path):
    before = export()
    data = json.loads(json.dumps(before))
    data["exercises"].append({**data["exercises"][0], "slug": "brand-new-exercise", "name": "Brand new"})
    data["exercises"][1]["name"] = "Renamed exercise"
    data["conditions"][0]["self_care"] = "Changed self-care."
    data["conditions"].append({**data["conditions"][1], "slug": "brand-new-condition"})
    data["conditions"][-1]["exercises"] = ["calf-raises", "no-such-exercise"]
    data["red_flags"][0]["headline"] = "Changed headline"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(ValueError, match="no-such-exercise"):
        call_command("load_library", str(path), stdout=io.StringIO())
    assert export() == before
    assert not Exercise.objects.filter(slug="brand-new-exercise").exists()
    assert not Condition.objects.filter(slug="brand-new-condition").exists()


def test_an_unknown_exercise_in_an_empty_library_creates_nothing():
    Condition.objects.all().delete()
    Exercise.objects.all().delete()
    RedFlagAdvice.objects.all().delete()
    data = library_export()
    data["exercises"] = [
        {"slug": "ankle-alphabet", "name": "Ankle alphabet", "summary": "Trace letters.", "steps": ["Trace."]}
    ]
    data["conditions"] = [
        {
            **json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))["conditions"][0],
            "exercises": ["ankle-alphabet", "missing-one"],
        }
    ]
    with pytest.raises(ValueError, match="missing-one"):
        library_import(data)
    assert not Exercise.objects.exists()
    assert not Condition.objects.exists()


def test_invalid_content_is_refused_whole(tmp_path):
    before = export()
    data = json.loads(json.dumps(before))
    data["conditions"][0]["self_care"] = "Changed."
    data["conditions"][1]["onset"] = "overnight"  # not a choice
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="onset"):
        call_command("load_library", str(path), stdout=io.StringIO())
    assert export() == before
