"""What might this be? The questions, the ranked results, red flags first, and tracking a match."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from injuries.models import Condition, RedFlagAdvice
from journal.models import InjuryEpisode

URL = "/what-might-this-be/"
TODAY = date(2026, 11, 20)

pytestmark = pytest.mark.usefixtures("library")

HEEL_IN_THE_MORNING = {
    "regions": ["heel", "arch"],
    "side": "right",
    "pain_kinds": ["sharp"],
    "onset": "gradual",
    "worse_with": ["first_steps", "long_standing"],
    "triggers": ["more_mileage"],
}


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def match_slugs(text: str) -> list[str]:
    return re.findall(r'<li class="card match" data-slug="([^"]+)">', text)


def test_without_answers_it_shows_the_questions(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "not a diagnosis" in text
    for question in [
        "Where does it hurt?",
        "How did it start?",
        "What makes it worse?",
        "Any numbness or tingling?",
    ]:
        assert question in text
    assert 'name="regions" value="inner_ankle"' in text
    assert "Show what it might be" in text
    assert "Your answers resemble" not in text
    assert "answered" not in response.context
    # An empty form is not an error.
    assert 'class="error"' not in text


def test_answers_show_ranked_matches_with_reasons(client):
    response = client.get(URL, HEEL_IN_THE_MORNING)
    assert response.status_code == 200
    text = text_of(response)
    assert "Your answers resemble" in text
    assert "not a diagnosis" in text
    slugs = match_slugs(text)
    assert slugs[0] == "plantar-fasciitis"
    assert 1 < len(slugs) <= 5
    assert [m.slug for m, _c in response.context["matches"]] == slugs
    scores = [m.score for m, _c in response.context["matches"]]
    assert scores == sorted(scores, reverse=True)
    first = text.split('data-slug="plantar-fasciitis"', 1)[1].split("</li>\n", 1)[0]
    assert "Why it matches:" in first
    for reason in [
        "It usually hurts at the heel.",
        "It often starts gradually, as yours did.",
        "It is typically worse with the first steps in the morning.",
    ]:
        assert f"<li>{reason}</li>" in text
    assert '<a href="/conditions/plantar-fasciitis/">Plantar fasciitis</a>' in text
    assert Condition.objects.get(slug="plantar-fasciitis").summary in text
    # No red flag among these answers.
    assert 'role="alert"' not in text


def test_the_answers_stay_on_the_form(client):
    text = text_of(client.get(URL, HEEL_IN_THE_MORNING))
    assert re.search(r'<input type="checkbox" name="regions" value="heel"[^>]*checked', text)
    assert re.search(r'<input type="radio" name="onset" value="gradual"[^>]*checked', text)
    assert "Change your answers" in text


def test_answers_that_fit_nothing_say_so(client):
    # Any condition at the place that hurts outscores every mismatch, so take those out of the library.
    for condition in Condition.objects.all():
        if "shin" in condition.regions:
            condition.is_published = False
            condition.save()
    response = client.get(URL, {"regions": ["shin"], "onset": "sudden", "numbness": "yes"})
    assert response.status_code == 200
    text = text_of(response)
    assert match_slugs(text) == []
    assert "None of the conditions in the library fits these answers well." in text


def test_drafts_are_never_matched(client):
    Condition.objects.filter(slug="plantar-fasciitis").update(is_published=False)
    slugs = match_slugs(text_of(client.get(URL, HEEL_IN_THE_MORNING)))
    assert slugs
    assert "plantar-fasciitis" not in slugs


def test_cannot_bear_weight_shows_urgent_advice_above_the_matches(client):
    answers = {
        "regions": ["outer_ankle"],
        "onset": "sudden",
        "triggers": ["rolled"],
        "pain_kinds": ["sharp"],
        "swelling": "yes",
        "cannot_bear_weight": "on",
    }
    response = client.get(URL, answers)
    assert response.status_code == 200
    text = text_of(response)
    advice = RedFlagAdvice.objects.get(code="red_cannot_bear_weight")
    assert advice.headline in text
    # The advice is the library's own, rendered from Markdown.
    advice_words = re.sub(r"[*_\[\]#>-]", "", advice.advice).split()[:4]
    assert " ".join(advice_words) in re.sub(r"<[^>]+>", "", text)
    assert "Meanwhile:" in text
    alert = text.index('role="alert"')
    headline = text.index(advice.headline)
    matches = text.index('<ol class="matches">')
    assert alert < headline < matches
    assert match_slugs(text)[0] == "lateral-ankle-sprain"
    assert [a.code for a in response.context["red_flags"]] == ["red_cannot_bear_weight"]


def test_several_red_flags_show_most_urgent_first(client):
    answers = {
        "regions": ["top_of_foot"],
        "onset": "gradual",
        "worse_with": ["impact", "rest_night"],
        "cannot_bear_weight": "on",
        "night_pain": "on",
        "numbness": "yes",
    }
    response = client.get(URL, answers)
    text = text_of(response)
    codes = [a.code for a in response.context["red_flags"]]
    assert codes == ["red_cannot_bear_weight", "red_bone_stress", "red_nerve"]
    positions = [text.index(RedFlagAdvice.objects.get(code=c).headline) for c in codes[1:]]
    assert positions == sorted(positions)
    assert text.count('role="alert"') == 3
    assert max(positions) < text.index('<ol class="matches">')


def test_unpublished_red_flag_advice_is_not_shown(client):
    RedFlagAdvice.objects.filter(code="red_calf").update(is_published=False)
    response = client.get(URL, {"regions": ["shin"], "onset": "unsure", "calf_swollen_warm": "on"})
    assert response.context["red_flags"] == []


def test_edited_red_flag_advice_is_what_the_page_says(client):
    advice = RedFlagAdvice.objects.get(code="red_calf")
    advice.headline = "Go to the emergency department now"
    advice.advice = "Call **111** or go to A&E today."
    advice.save()
    text = text_of(client.get(URL, {"regions": ["shin"], "onset": "unsure", "calf_swollen_warm": "on"}))
    assert "Go to the emergency department now" in text
    assert "Call <strong>111</strong> or go to A&E today." in text


DIAGNOSIS_CASES = [
    {},
    HEEL_IN_THE_MORNING,
    {
        "regions": ["inner_ankle", "arch"],
        "onset": "unsure",
        "pain_kinds": ["burning", "tingling"],
        "numbness": "yes",
    },
    {"regions": ["outer_ankle"], "onset": "sudden", "cannot_bear_weight": "on", "bone_tenderness": "on"},
    {
        "regions": ["shin"],
        "onset": "gradual",
        "calf_swollen_warm": "on",
        "fever_redness": "on",
        "night_pain": "on",
        "worse_with": ["impact"],
    },
]


@pytest.mark.parametrize("answers", DIAGNOSIS_CASES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_page_never_diagnoses(client, runner, answers, signed_in):
    if signed_in:
        client.force_login(runner)
    response = client.get(URL, answers)
    assert response.context["form"].is_valid() or not answers
    text = text_of(response)
    assert re.search(r"not a diagnosis", text, re.I)
    # Every mention of diagnosis is a negation: "(this) is not a diagnosis" / "Not a diagnosis".
    negations = re.sub(r"\b(?:is )?not a diagnosis\b", "", text, flags=re.I)
    assert not re.search(r"diagnos", negations, re.I), re.findall(r".{40}diagnos.{20}", negations, re.I)


def test_signed_in_runner_can_track_a_match_as_an_injury(runner_client, runner):
    response = runner_client.get(URL, HEEL_IN_THE_MORNING)
    text = response.content.decode()
    assert text.count("Track this as my injury") == len(match_slugs(text))
    first = text.split('data-slug="plantar-fasciitis"', 1)[1].split("</form>", 1)[0]
    action = re.search(r'<form method="post" action="([^"]+)">', first).group(1)
    assert action == reverse("journal:entry_create", args=["injury"])
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', first))
    assert "csrfmiddlewaretoken" in fields
    condition = Condition.objects.get(slug="plantar-fasciitis")
    assert fields["condition"] == str(condition.pk)
    assert fields["side"] == "right"
    assert fields["onset"] == "gradual"

    response = runner_client.post(action, fields)
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")
    episode = InjuryEpisode.objects.get(owner=runner)
    assert episode.condition == condition
    assert episode.side == "right"
    assert episode.onset == "gradual"
    assert episode.status == "active"
    assert episode.onset_date == TODAY
    assert episode.title == condition.name


def test_tracking_a_sudden_injury_with_no_side_picks_a_valid_side(runner_client, runner):
    answers = {"regions": ["outer_ankle"], "onset": "sudden", "triggers": ["rolled"], "swelling": "yes"}
    text = runner_client.get(URL, answers).content.decode()
    first = text.split('data-slug="lateral-ankle-sprain"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', first))
    response = runner_client.post(reverse("journal:entry_create", args=["injury"]), fields)
    assert response.status_code == 302
    episode = InjuryEpisode.objects.get(owner=runner)
    assert episode.condition.slug == "lateral-ankle-sprain"
    assert episode.onset == "sudden"


def test_anonymous_visitors_do_not_see_the_track_button(client):
    text = client.get(URL, HEEL_IN_THE_MORNING).content.decode()
    assert match_slugs(text)
    assert "Track this as my injury" not in text
    assert reverse("journal:entry_create", args=["injury"]) not in text


def test_anonymous_post_to_track_does_not_create_an_injury(client):
    condition = Condition.objects.get(slug="plantar-fasciitis")
    data = {"condition": condition.pk, "side": "left", "onset": "gradual", "status": "active"}
    response = client.post(reverse("journal:entry_create", args=["injury"]), data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not InjuryEpisode.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"regions": ["knee"], "onset": "gradual"},
            "regions",
            "Select a valid choice. knee is not one of the available choices.",
        ),
        ({"regions": ["heel"], "onset": "yesterday"}, "onset", "Select a valid choice."),
        ({"regions": ["heel"], "onset": "gradual", "side": "middle"}, "side", "Select a valid choice."),
        ({"regions": ["heel"], "onset": "gradual", "pain_kinds": ["itchy"]}, "pain_kinds", "Select a valid"),
        (
            {"regions": ["heel"], "onset": "gradual", "triggers": ["aliens"]},
            "triggers",
            "Select a valid choice.",
        ),
        (
            {"regions": ["heel"], "onset": "gradual", "worse_with": ["mondays"]},
            "worse_with",
            "Select a valid",
        ),
        (
            {"regions": ["heel"], "onset": "gradual", "swelling": "maybe"},
            "swelling",
            "Select a valid choice.",
        ),
        ({"onset": "gradual"}, "regions", "This field is required."),
    ],
)
def test_bad_answers_show_a_field_error_not_a_500(client, answers, field, message):
    response = client.get(URL, answers)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    text = text_of(response)
    assert f'id="id_{field}_error"' in text
    assert message in text
    assert "Your answers resemble" not in text
    assert "Please check the fields marked below." in text
