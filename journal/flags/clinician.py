"""A flag's words for the physiotherapist reading it: the rules speak to the runner ("your pain"),
the patient page speaks about them ("the patient's pain"). What the runner sees does not change.

The rules' texts keep to a few second-person forms, so a small rewrite is enough; a test runs every
rule's output through it.
"""

from __future__ import annotations

import re

# Order matters: the sentence-opening forms (capitalised) first, whose verb must agree with "the patient".
REWRITES = [
    (re.compile(r"\bYou have\b"), "The patient has"),
    (re.compile(r"\bYou are\b"), "The patient is"),
    (re.compile(r"\bYou were\b"), "The patient was"),
    (re.compile(r"\bYou\b"), "The patient"),
    (re.compile(r"\bYour\b"), "The patient's"),
    (re.compile(r"\byourself\b"), "themselves"),
    (re.compile(r"\byours\b"), "theirs"),
    (re.compile(r"\byour\b"), "their"),
    (re.compile(r"\byou\b"), "they"),
]


def for_clinician(text: str) -> str:
    for pattern, replacement in REWRITES:
        text = pattern.sub(replacement, text)
    return text
