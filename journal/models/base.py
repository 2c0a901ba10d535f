"""What every journal entry shares: its base fields and the way its clean() reports errors."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def collect_errors(*checks) -> None:
    """Run each check and raise every field error at once, so a form shows them all."""
    errors: dict[str, list] = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


class Entry(models.Model):
    """Fields every journal entry shares: a client-suppliable UUID, an owner, timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def get_constraints(self):
        """What full_clean() (and so every form) asks the database about: the unique constraints. The
        check constraints say again in the database what each entry's clean() checks with friendlier
        messages; asked about, they cost a query each on every save (tests/entries/test_constraints.py
        holds clean() to each of them)."""
        return [
            (model, [c for c in constraints if not isinstance(c, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]
