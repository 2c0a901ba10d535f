"""CSV that a spreadsheet opens as data: no cell is read as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with =, +, -, @ (or a tab or carriage
return before one) as a formula, which can run commands or send data away (OWASP "CSV injection").
Such text cells get a leading apostrophe, which spreadsheets show as plain text. Numbers are left alone,
so a negative number stays a number.
"""

from __future__ import annotations

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose text cells can never start a formula."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
