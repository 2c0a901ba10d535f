"""The library's admin form: regions as checkboxes, and saving an untouched form stores no new version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from injuries.models import Condition, RedFlagAdvice
from tests.injuries.test_editing import form_data

pytestmark = pytest.mark.usefixtures("library")


def as_browser_sends(data: dict) -> dict:
    # A browser sends every textarea's line breaks as \r\n, whatever the page showed.
    return {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in data.items()
    }


# A Markdown field of each model, given a list over two lines.
LISTS = {Condition: "self_care", RedFlagAdvice: "avoid"}


def change_url(obj) -> str:
    return reverse(f"admin:injuries_{obj._meta.model_name}_change", args=[obj.pk])


def test_regions_are_checkboxes_with_the_stored_ones_ticked(editor_client):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    assert condition.regions == ["heel", "arch"]
    page = editor_client.get(change_url(condition)).content.decode()
    assert '<input type="checkbox" name="regions" value="heel"' in page
    assert '<input type="checkbox" name="regions" value="arch"' in page
    assert '<input type="checkbox" name="regions" value="shin"' in page
    for value in ("heel", "arch"):
        tag = page.split(f'name="regions" value="{value}"', 1)[1].split(">", 1)[0]
        assert "checked" in tag
    assert "checked" not in page.split('name="regions" value="shin"', 1)[1].split(">", 1)[0]
    assert '<option value="heel" selected>Heel</option>' in page
    assert '["heel", "arch"]' not in page, "the raw JSON is no longer what an editor edits"


@pytest.mark.parametrize(
    "obj",
    [
        lambda: Condition.objects.get(slug="plantar-fasciitis"),
        lambda: Condition.objects.get(slug="stress-fracture"),  # five regions, not in the list's order
        lambda: RedFlagAdvice.objects.get(code="red_calf"),
    ],
)
def test_saving_unchanged_stores_no_history_version(editor_client, obj):
    obj = obj()
    type(obj).objects.filter(pk=obj.pk).update(**{LISTS[type(obj)]: "- Long runs.\n- Hills."})
    obj.refresh_from_db()
    versions = obj.history.count()
    stored = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    data = as_browser_sends(form_data(editor_client.get(change_url(obj))))
    assert data[LISTS[type(obj)]] == "- Long runs.\r\n- Hills."

    response = editor_client.post(change_url(obj), {**data, "_save": "Save"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert obj.history.count() == versions
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == stored


def test_saving_a_change_stores_one_version_with_plain_line_breaks(editor_client):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    versions = condition.history.count()
    data = as_browser_sends(form_data(editor_client.get(change_url(condition))))
    data["self_care"] = "- Rest.\r\n- Ice the heel."

    response = editor_client.post(change_url(condition), {**data, "_save": "Save"})

    assert response.status_code == 302
    assert condition.history.count() == versions + 1
    condition.refresh_from_db()
    assert condition.self_care == "- Rest.\n- Ice the heel."
    latest, previous = condition.history.all()[:2]
    assert [change.field for change in latest.diff_against(previous).changes] == ["self_care"]


def test_ticking_regions_keeps_the_main_one_first(editor_client):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    data = form_data(editor_client.get(change_url(condition)))
    data["regions"] = ["shin", "heel", "arch"]
    assert editor_client.post(change_url(condition), data).status_code == 302
    condition.refresh_from_db()
    assert condition.regions == ["heel", "arch", "shin"]

    data["main_region"] = "arch"
    data["regions"] = ["heel"]  # the main region counts even unticked
    assert editor_client.post(change_url(condition), data).status_code == 302
    condition.refresh_from_db()
    assert condition.regions == ["arch", "heel"]


def test_a_region_that_is_not_on_the_list_is_refused(editor_client):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    versions = condition.history.count()
    data = form_data(editor_client.get(change_url(condition)))
    data["regions"] = ["heel", "knee"]
    response = editor_client.post(change_url(condition), data)
    assert response.status_code == 200
    assert "Select a valid choice. knee is not one of the available choices." in response.content.decode()
    condition.refresh_from_db()
    assert condition.regions == ["heel", "arch"]
    assert condition.history.count() == versions
