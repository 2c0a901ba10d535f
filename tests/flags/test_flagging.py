from dataclasses import asdict, fields
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from journal import rules
from journal.api.serializers import CheckinSerializer
from journal.entries import services
from journal.flags import services as flagging
from journal.models import Checkin, Flag
from tests.factories import make_checkin, make_run, make_shoe

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False) as traveller:
        yield traveller


def open_codes(owner):
    return set(Flag.objects.filter(owner=owner, cleared_at__isnull=True).values_list("code", flat=True))


def test_a_new_runner_has_no_flags(runner):
    assert flagging.flags_refresh(owner=runner) == []
    assert Flag.objects.count() == 0


def test_every_write_raises_and_stores_flags(runner):
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    flag = Flag.objects.get(owner=runner, code="red_cannot_bear_weight")
    assert (flag.severity, flag.severity_rank, flag.cleared_at) == ("urgent", 4, None)
    assert "Ottawa" in flag.source
    assert flag.evidence[0]["kind"] == "checkin" and flag.evidence[0]["date"] == TODAY.isoformat()


def test_a_continuing_flag_is_updated_not_duplicated(runner, frozen_time):
    checkin = make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    first = Flag.objects.get(code="red_cannot_bear_weight")
    frozen_time.shift(timedelta(hours=2))
    services.checkin_update(checkin=checkin, pain_now=7)
    again = Flag.objects.get(code="red_cannot_bear_weight")
    assert again.pk == first.pk
    assert again.last_seen_at > first.last_seen_at and again.raised_at == first.raised_at


def test_a_flag_clears_when_its_condition_no_longer_holds_and_history_stays(runner):
    checkin = make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    services.checkin_update(checkin=checkin, can_walk_four_steps=True, pain_now=2)
    flag = Flag.objects.get(code="red_cannot_bear_weight")
    assert flag.cleared_at is not None
    assert "red_cannot_bear_weight" not in open_codes(runner)
    # Raised again later: a new row, the old one kept as history.
    services.checkin_update(checkin=checkin, can_walk_four_steps=False)
    assert Flag.objects.filter(code="red_cannot_bear_weight").count() == 2
    assert Flag.objects.filter(code="red_cannot_bear_weight", cleared_at__isnull=True).count() == 1


def test_deleting_the_entry_clears_its_flag(runner):
    run = make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    assert "pain_during_run_high" in open_codes(runner)
    services.run_delete(run=run)
    assert "pain_during_run_high" not in open_codes(runner)


def test_acknowledged_flag_stays_visible_until_something_new_raises_it(runner, frozen_time):
    make_run(runner, day=TODAY - timedelta(days=1), distance_m=5000, pain_during=6)
    flag = Flag.objects.get(code="pain_during_run_high")
    flagging.flag_acknowledge(flag=flag, by=runner)
    # An unrelated write leaves it acknowledged.
    make_shoe(runner)
    flag.refresh_from_db()
    assert flag.acknowledged_at is not None and flag.cleared_at is None
    # A new painful run is new evidence: the flag speaks up again.
    make_run(runner, day=TODAY, distance_m=5000, pain_during=7)
    flag.refresh_from_db()
    assert flag.acknowledged_at is None and flag.cleared_at is None


def test_a_flag_found_again_keeps_its_text_current_and_its_acknowledgement(runner, frozen_time):
    run = make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    flag = Flag.objects.get(code="pain_during_run_high")
    flagging.flag_acknowledge(flag=flag, by=runner)
    seen = flag.last_seen_at
    # Found again unchanged (the next day's re-evaluation): still acknowledged, seen again.
    frozen_time.shift(timedelta(hours=3))
    flagging.flags_refresh(owner=runner)
    flag.refresh_from_db()
    assert flag.acknowledged_at is not None and flag.last_seen_at > seen
    assert "6/10" in flag.message
    # The same run now rated higher: the stored words follow the journal.
    services.run_update(run=run, pain_during=8)
    flag.refresh_from_db()
    assert "8/10" in flag.message and "6/10" not in flag.message
    assert flag.cleared_at is None


def test_one_evaluation_rewrites_changed_words_clears_the_gone_and_keeps_acknowledgements(runner):
    make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    Flag.objects.filter(code="pain_during_run_high").update(message="Words from an older version.")
    urgent = Flag.objects.get(code="red_cannot_bear_weight")
    flagging.flag_acknowledge(flag=urgent, by=runner)
    now = timezone.now()
    gone = Flag.objects.create(
        owner=runner,
        key="load_spike",
        code="load_spike",
        severity="caution",
        severity_rank=1,
        title="Old",
        raised_at=now,
        last_seen_at=now,
    )

    flagging.flags_refresh(owner=runner)

    assert "6/10" in Flag.objects.get(code="pain_during_run_high").message
    urgent.refresh_from_db()
    assert urgent.acknowledged_at is not None and urgent.cleared_at is None
    gone.refresh_from_db()
    assert gone.cleared_at is not None


def test_low_severity_flags_can_be_dismissed_but_not_urgent_ones(runner):
    make_run(runner, day=TODAY, distance_m=5000, pain_during=6)
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    stop = Flag.objects.get(code="pain_during_run_high")
    urgent = Flag.objects.get(code="red_cannot_bear_weight")
    flagging.flag_dismiss(flag=stop)
    assert stop.dismissed_at is not None
    with pytest.raises(ValidationError, match="cannot be dismissed"):
        flagging.flag_dismiss(flag=urgent)
    urgent.refresh_from_db()
    assert urgent.dismissed_at is None


def test_a_runners_own_choice_of_a_tendon_condition_keeps_the_seed_limit(runner):
    from injuries.models import Condition

    tendon = Condition.objects.create(
        slug="achilles-test",
        name="Achilles tendinopathy",
        summary="s",
        how_it_feels="f",
        triggers="t",
        lookalikes="l",
        self_care="c",
        when_to_see_professional="w",
        recovery_time="r",
        return_to_run="rr",
        pain_model="tendon",
    )
    make_run(runner, day=TODAY, distance_m=5000, pain_during=4)
    assert "pain_during_run_high" in open_codes(runner)
    services.episode_record(
        owner=runner, condition=tendon, side="left", onset_date=TODAY - timedelta(days=20)
    )
    # The tendon model applies only to a professional-confirmed Achilles tendinopathy (or a physiotherapist's
    # setting); choosing a condition oneself never switches it.
    assert "pain_during_run_high" in open_codes(runner)


def test_per_patient_overrides_are_an_input_to_the_rules(runner):
    runner.profile.threshold_overrides = {"pain_during_run_limit": 6}
    runner.profile.save()
    make_run(runner, day=TODAY, distance_m=5000, pain_during=5)
    assert "pain_during_run_high" not in open_codes(runner)


def test_shoe_flags_have_one_row_per_shoe(mile_runner):
    make_shoe(mile_runner, name="A", start_distance_m=round(320 * 1609.344))
    make_shoe(mile_runner, name="B", start_distance_m=round(510 * 1609.344))
    flags = Flag.objects.filter(owner=mile_runner, cleared_at__isnull=True).order_by("code")
    assert [(f.code, f.title) for f in flags] == [
        ("shoe_check", "Check A for wear"),
        ("shoe_replace", "Time to replace B"),
    ]


def test_flags_of_one_runner_never_touch_another(runner, other_runner):
    make_checkin(other_runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    make_checkin(runner, day=TODAY, pain_now=1)
    assert open_codes(runner) == set()
    assert "red_cannot_bear_weight" in open_codes(other_runner)


def test_every_check_in_answer_reaches_the_rules_and_the_api():
    fact_fields = {f.name for f in fields(rules.CheckinFact)} - {"id", "date", "time", "side"}
    assert set(Checkin.ANSWER_FIELDS) == fact_fields
    assert set(Checkin.ANSWER_FIELDS) <= set(CheckinSerializer.Meta.fields)


def test_a_stored_flags_evidence_is_each_items_fields_with_its_date_as_text():
    evidence = (
        rules.Evidence(kind="checkin", id="c1", date=date(2026, 11, 19), detail="pain 7/10", side="left"),
        rules.Evidence(kind="episode", id="e1", date=None, detail="since Mon 2 Nov 2026"),
    )
    finding = rules.Flag(
        code="pain_spike",
        severity="caution",
        title="Pain jumped",
        message="m",
        action="a",
        evidence=evidence,
        source="s",
        subject="left",
    )

    stored = flagging.finding_columns(finding)["evidence"]

    assert stored == [{**asdict(e), "date": e.date.isoformat() if e.date else None} for e in evidence]
    assert stored[0] == {
        "kind": "checkin",
        "id": "c1",
        "date": "2026-11-19",
        "detail": "pain 7/10",
        "side": "left",
    }
    assert stored[1]["date"] is None and stored[1]["side"] is None
    stored[0]["detail"] = "changed"  # a copy: the finding itself is untouched
    assert evidence[0].detail == "pain 7/10"
