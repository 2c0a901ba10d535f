"""A CSV export never hands a spreadsheet a formula, whatever a library name or note says."""

import csv
import io

import pytest
from django.urls import reverse

from journal.common.csv_safe import safe_cell
from tests.clinic.conftest import TODAY, login
from tests.factories import make_completion, make_exercise


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Heel raises", "Heel raises"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_text_that_starts_a_formula_is_written_as_text(value, written):
    assert safe_cell(value) == written


def test_the_physiotherapists_export_neutralises_a_formula_in_a_library_name(patient, physio):
    exercise = make_exercise("evil", '=cmd|" /C calc"!A0')
    make_completion(patient, day=TODAY, exercise=exercise)
    response = login(physio).get(reverse("clinic:export", args=[patient.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row["what"] for row in rows if row["kind"] == "exercise"]
    assert '\'=cmd|" /C calc"!A0' in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
