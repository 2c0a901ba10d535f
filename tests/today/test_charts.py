from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from journal.today.charts import PainPoint, RunPoint, distance_chart, pain_chart

TODAY = date(2026, 11, 20)  # a Friday; its week started on Monday 16 Nov
KM_M = 1000
MILE_M = 1609.344


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def checkin(days_ago: int, pain: int, waking: int | None = None) -> PainPoint:
    return PainPoint(ago(days_ago), pain, waking)


def run(days_ago: int, distance_m: float, pain: int = 0) -> RunPoint:
    return RunPoint(ago(days_ago), round(distance_m), pain)


def pain(checkins=(), runs=(), unit="km", weeks=8):
    return pain_chart(checkins=list(checkins), runs=list(runs), today=TODAY, unit=unit, weeks=weeks)


def distance(runs=(), unit="km", weeks=12):
    return distance_chart(runs=list(runs), today=TODAY, unit=unit, weeks=weeks)


# Pain chart


@pytest.mark.parametrize(
    ("points", "pain_now", "waking"),
    [
        ([checkin(0, 3, 2), checkin(0, 5, 1)], 5, 2),
        ([checkin(0, 2, None), checkin(0, 1, 4)], 2, 4),
        ([checkin(0, 0, None), checkin(0, 0, None)], 0, None),
    ],
)
def test_a_day_shows_the_worse_side(points, pain_now, waking):
    [row] = pain(points).rows
    assert (row.pain_now, row.pain_waking) == (pain_now, waking)


@pytest.mark.parametrize(
    ("days_ago", "shown"),
    [(0, True), (55, True), (56, False), (57, False), (-1, False)],
    ids=["today", "first-day-of-window", "8-weeks-ago", "8-weeks-and-a-day-ago", "tomorrow"],
)
def test_the_window_is_the_last_eight_weeks_including_today(days_ago, shown):
    chart = pain([checkin(days_ago, 4)], [run(days_ago, 5000, 3)])
    assert bool(chart.rows) is shown
    assert bool(chart.runs) is shown
    assert bool(chart.pain_line.segments) is shown


def test_points_sit_on_the_axes():
    chart = pain([checkin(55, 0), checkin(0, 10)])
    oldest, newest = chart.pain_line.segments
    assert oldest == ((chart.plot_left, chart.plot_bottom),)
    assert newest == ((chart.plot_right, chart.plot_top),)


@pytest.mark.parametrize(
    ("days_ago", "segment_lengths"),
    [
        ([0, 1, 2, 3], [4]),
        ([0, 2], [1, 1]),
        ([0, 1, 5, 6, 7, 20], [1, 3, 2]),
        ([], []),
    ],
)
def test_gaps_in_the_journal_break_the_line(days_ago, segment_lengths):
    chart = pain([checkin(n, 2) for n in days_ago])
    assert [len(s) for s in chart.pain_line.segments] == segment_lengths
    assert chart.pain_line.d.count("M") + len(chart.pain_line.dots) == len(segment_lengths)


def test_a_lone_day_is_drawn_as_a_dot():
    chart = pain([checkin(5, 2, 1), checkin(3, 2, None), checkin(2, 4, 3)])
    assert chart.pain_line.d.count("M") == 1
    assert len(chart.pain_line.dots) == 1
    assert chart.pain_line.dots[0] == chart.pain_line.segments[0][0]
    assert chart.waking_line.d == ""
    assert len(chart.waking_line.dots) == 2


def test_the_waking_line_skips_days_without_a_waking_score():
    chart = pain([checkin(0, 3, 2), checkin(1, 3, None), checkin(2, 3, 1), checkin(3, 3, 1)])
    assert [len(s) for s in chart.pain_line.segments] == [4]
    assert [len(s) for s in chart.waking_line.segments] == [2, 1]
    assert [row.pain_waking for row in chart.rows] == [1, 1, None, 2]


def test_no_waking_scores_draw_no_waking_line():
    chart = pain([checkin(0, 3), checkin(1, 3)])
    assert chart.waking_line.segments == ()
    assert chart.waking_line.d == ""


@pytest.mark.parametrize(
    ("checkins", "runs", "summary"),
    [
        ([], [], "No check-ins in the last 8 weeks."),
        (
            [],
            [run(3, 5000, 2), run(9, 5000, 4)],
            "No check-ins in the last 8 weeks. 2 runs; the highest pain during a run was 4/10.",
        ),
        (
            [checkin(n, 4) for n in range(7, 14)] + [checkin(n, 2) for n in range(7)],
            [run(1, 5000, 3)],
            "Daily pain averaged 2.0/10 in the last 7 days, down from 4.0 the week before. "
            "1 run; pain during it was 3/10.",
        ),
        (
            [checkin(8, 1), checkin(10, 2), checkin(0, 3), checkin(1, 4)],
            [],
            "Daily pain averaged 3.5/10 in the last 7 days, up from 1.5 the week before. No runs logged.",
        ),
        (
            [checkin(8, 2), checkin(1, 2)],
            [],
            "Daily pain averaged 2.0/10 in the last 7 days, the same as the week before. No runs logged.",
        ),
        (
            [checkin(1, 2)],
            [],
            "Daily pain averaged 2.0/10 in the last 7 days, with no check-ins the week before. "
            "No runs logged.",
        ),
        (
            [checkin(20, 2), checkin(30, 5)],
            [],
            "No check-ins in the last 7 days; over 8 weeks daily pain averaged 3.5/10. No runs logged.",
        ),
    ],
    ids=["no-data", "runs-only", "falling", "rising", "flat", "no-week-before", "nothing-recent"],
)
def test_pain_summary(checkins, runs, summary):
    assert pain(checkins, runs).summary == summary


def test_the_summary_uses_each_days_worst_side():
    chart = pain([checkin(0, 1), checkin(0, 5), checkin(1, 3)])
    assert chart.summary.startswith("Daily pain averaged 4.0/10 in the last 7 days")


def test_run_markers_one_per_run_day_at_the_pain_during_height():
    chart = pain(runs=[run(0, 5000, 4), run(2, 3000, 1), run(2, 2000, 6), run(60, 9000, 9)])
    assert len(chart.runs) == 2
    double, single = chart.runs
    assert double.pain_during == 6
    assert double.label == "Wed 18 Nov: 2 runs, 5.0 km, pain during 6/10"
    assert single.label == "Fri 20 Nov: run 5.0 km, pain during 4/10"
    height = chart.plot_bottom - chart.plot_top
    assert single.y == pytest.approx(chart.plot_bottom - 0.4 * height)
    assert single.x == chart.plot_right
    assert single.diamond_points.count(",") == 4
    assert single.triangle_points.count(",") == 3
    assert "highest pain during a run was 6/10" in chart.summary
    assert chart.summary.endswith("3 runs; the highest pain during a run was 6/10.")


def test_pain_rows_list_each_day_with_data_in_the_runners_unit():
    checkins = [checkin(1, 3, 2), checkin(1, 4, None), checkin(4, 1, 0)]
    runs = [run(1, 8046.72, 2), run(0, 3000, 5)]
    rows = pain(checkins, runs, unit="mi").rows
    assert [(r.date_text, r.pain_now, r.pain_waking, r.run_distance_text, r.pain_during) for r in rows] == [
        ("Mon 16 Nov", 1, 0, "", None),
        ("Thu 19 Nov", 4, 2, "5.0 mi", 2),
        ("Fri 20 Nov", None, None, "1.9 mi", 5),
    ]


def test_pain_axes():
    chart = pain()
    assert [g.label for g in chart.gridlines] == ["0", "2", "4", "6", "8", "10"]
    assert chart.gridlines[0].y == chart.plot_bottom
    assert chart.gridlines[-1].y == chart.plot_top
    assert [t.label for t in chart.week_ticks] == [
        "28 Sep", "5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov"
    ]  # fmt: skip
    # Every other label is shown, counting back from this week so the latest is always labelled.
    assert [t.labelled for t in chart.week_ticks] == [False, True] * 4
    assert chart.title == "Pain over the last 8 weeks"
    assert (chart.width, chart.height) == (340, 186)
    assert chart.plot_right <= chart.width and chart.y_label_x > 0


def test_pain_chart_respects_weeks():
    chart = pain([checkin(20, 3)], weeks=2)
    assert chart.rows == ()
    assert chart.summary == "No check-ins in the last 2 weeks."
    assert chart.title == "Pain over the last 2 weeks"


# Distance chart


def test_weeks_run_monday_to_sunday():
    runs = [
        run(4, 5000),  # Monday 16 Nov, this week
        run(0, 1000),  # today
        run(5, 7000),  # Sunday 15 Nov, last week
        run(11, 3000),  # Monday 9 Nov, last week
        run(12, 2000),  # Sunday 8 Nov
        run(-1, 9000),  # tomorrow: not yet
    ]
    chart = distance(runs)
    assert len(chart.bars) == 12
    assert [b.week_start for b in chart.bars[-3:]] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert [b.distance_m for b in chart.bars[-3:]] == [2000, 10000, 6000]
    assert [b.is_current for b in chart.bars] == [False] * 11 + [True]
    assert chart.bars[0].week_start == date(2026, 8, 31)
    assert (chart.this_week_m, chart.last_week_m) == (6000, 10000)


def test_runs_before_the_window_are_not_drawn():
    chart = distance([run(4 + 7 * 12, 5000), run(4 + 7 * 11, 4000)])
    assert [b.distance_m for b in chart.bars][:2] == [4000, 0]
    assert sum(b.distance_m for b in chart.bars) == 4000
    # The week before the window still gives the first bar its change.
    assert chart.bars[0].change_pct == -20


@pytest.mark.parametrize(
    ("unit", "value_label", "distance_text"),
    [("km", "8.0", "8.0 km"), ("mi", "5.0", "5.0 mi")],
)
def test_distance_labels_use_the_runners_unit(unit, value_label, distance_text):
    chart = distance([run(0, 8046.72)], unit=unit)
    assert chart.bars[-1].value_label == value_label
    assert chart.rows[-1].distance_text == distance_text
    assert chart.unit == unit


@pytest.mark.parametrize(
    ("metres", "label"), [(0, "0"), (400, "0.4"), (9940, "9.9"), (9960, "10"), (18240, "18"), (121600, "122")]
)
def test_bar_value_labels_are_short(metres, label):
    assert distance([run(0, metres)]).bars[-1].value_label == label


@pytest.mark.parametrize(
    ("previous_m", "current_m", "change_pct"),
    [
        (20000, 17600, -12),
        (10000, 15000, 50),
        (10000, 10000, 0),
        (0, 5000, None),
        (0, 0, None),
        (5000, 0, -100),
    ],
)
def test_week_on_week_change(previous_m, current_m, change_pct):
    runs = [run(9, previous_m)] if previous_m else []
    runs += [run(2, current_m)] if current_m else []
    chart = distance(runs)
    assert chart.bars[-1].change_pct == change_pct


@pytest.mark.parametrize(
    ("runs", "summary", "last_full_week_change_pct"),
    [
        ([], "No runs in the last 12 weeks.", None),
        (
            [run(1, 18200), run(7, 20700), run(14, 18000)],
            "This week so far: 18.2 km, 12% less than last week's 20.7 km. "
            "Last full week was 15% more than the week before.",
            15,
        ),
        (
            [run(1, 5000), run(7, 5000)],
            "This week so far: 5.0 km, about the same as last week's 5.0 km.",
            None,
        ),
        ([run(1, 5000), run(14, 5000)], "This week so far: 5.0 km; no runs last week.", -100),
        (
            [run(7, 6000), run(14, 4000)],
            "No runs yet this week; last week: 6.0 km. Last full week was 50% more than the week before.",
            50,
        ),
        ([run(30, 6000)], "No runs this week or last week.", None),
    ],
    ids=["no-data", "falling", "same", "none-last-week", "none-this-week", "old-runs-only"],
)
def test_distance_summary(runs, summary, last_full_week_change_pct):
    chart = distance(runs)
    assert chart.summary == summary
    assert chart.last_full_week_change_pct == last_full_week_change_pct


def test_bars_scale_to_the_biggest_week_with_a_floor():
    small = distance([run(0, 2000)])
    assert small.bars[-1].height == pytest.approx((small.baseline_y - 18) * 0.2, abs=0.01)
    big = distance([run(0, 40000), run(7, 20000)])
    full_height = big.baseline_y - big.bars[-1].y
    assert big.bars[-1].height == pytest.approx(full_height)
    assert big.bars[-2].height == pytest.approx(full_height / 2, abs=0.01)
    assert all(b.y + b.height == pytest.approx(big.baseline_y) for b in big.bars)


def test_floor_is_in_the_runners_unit():
    # Ten miles is the floor for a miles runner, so 5 miles fills half the height.
    chart = distance([run(0, 5 * MILE_M)], unit="mi")
    assert chart.bars[-1].height == pytest.approx((chart.baseline_y - 18) / 2, abs=0.01)


def test_week_labels_thin_out_but_keep_this_week():
    chart = distance()
    assert [b.labelled for b in chart.bars] == [False, True] * 6
    assert chart.bars[-1].week_label == "16 Nov"
    assert [b.week_label for b in chart.bars[:2]] == ["31 Aug", "7 Sep"]
    assert chart.title == "Weekly distance, last 12 weeks"


def test_distance_rows():
    chart = distance([run(2, 8000), run(8, 10000)], unit="km")
    assert len(chart.rows) == 12
    last_week, this_week = chart.rows[-2:]
    assert (last_week.week_text, last_week.distance_text, last_week.change_text) == (
        "Mon 9 Nov",
        "10.0 km",
        "no runs the week before",
    )
    assert (this_week.week_text, this_week.distance_text, this_week.change_text) == (
        "Mon 16 Nov (this week so far)",
        "8.0 km",
        "−20%",
    )
    assert distance([run(2, 12000), run(8, 10000)]).rows[-1].change_text == "+20%"


# Templates


def _table_body_rows(html: str) -> int:
    return html.split("<tbody>")[1].count("<tr>")


def test_pain_chart_template_is_an_accessible_figure():
    chart = pain([checkin(n, 3, 2) for n in range(5)], [run(1, 5000, 2), run(3, 6000, 1)])
    html = render_to_string("journal/partials/_pain_chart.html", {"chart": chart})
    assert '<figure class="chart"' in html
    assert 'role="img"' in html
    assert 'aria-labelledby="pain-title pain-desc"' in html
    assert '<title id="pain-title">Pain over the last 8 weeks</title>' in html
    assert f'<desc id="pain-desc">{escape(chart.summary)}</desc>' in html
    assert "<figcaption" in html and chart.summary in html.split("<figcaption")[1]
    assert re.search(r'<path class="chart-waking" d="M[^"]+"[^>]*stroke-dasharray="3 5"', html, re.S)
    assert re.search(r'<path class="chart-pain"(?![^>]*stroke-dasharray)[^>]*>', html, re.S)
    for words in ("Daily pain", "Waking pain", "Run", "Pain during run"):
        assert words in html.split('class="chart-legend"')[1]
    assert html.count('class="chart-run"') == 2
    assert html.count('class="chart-run-pain"') == 2
    assert '<div class="visually-hidden"><table>' in html and "<caption>" in html
    assert html.count('<th scope="col">') == 5
    assert _table_body_rows(html) == len(chart.rows) == 5
    assert html.count('<th scope="row">') == 5
    font_sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', html)]
    assert font_sizes and min(font_sizes) >= 11


def test_pain_chart_template_takes_a_chart_id_and_keeps_dots_in_numbers():
    # A German locale would otherwise write "330,0", which SVG cannot read.
    with translation.override("de"):
        html = render_to_string(
            "journal/partials/_pain_chart.html", {"chart": pain([checkin(0, 3)]), "chart_id": "pain-left"}
        )
    assert 'aria-labelledby="pain-left-title pain-left-desc"' in html
    assert 'id="pain-left-title"' in html
    assert 'viewBox="0 0 340 186"' in html
    assert 'x2="330.0"' in html


def test_empty_pain_chart_still_renders():
    html = render_to_string("journal/partials/_pain_chart.html", {"chart": pain()})
    assert "No check-ins in the last 8 weeks." in html
    assert _table_body_rows(html) == 0


def test_distance_chart_template_is_an_accessible_figure():
    chart = distance([run(2, 8000), run(8, 10000), run(40, 3000)])
    html = render_to_string("journal/partials/_distance_chart.html", {"chart": chart})
    assert 'role="img"' in html
    assert 'aria-labelledby="distance-title distance-desc"' in html
    assert '<title id="distance-title">Weekly distance, last 12 weeks</title>' in html
    assert f'<desc id="distance-desc">{escape(chart.summary)}</desc>' in html
    assert html.count('class="chart-bar"') == 11
    assert re.search(r'class="chart-bar chart-bar-current"[^>]*fill="url\(#distance-hatch\)"', html, re.S)
    assert 'id="distance-hatch"' in html
    legend = html.split('class="chart-legend"')[1]
    assert "Full week, in km" in legend and "This week so far" in legend
    assert ">8.0<" in html and ">10<" in html
    assert _table_body_rows(html) == 12
    assert html.count('<th scope="row">') == 12
    assert "Mon 16 Nov (this week so far)" in html
