from __future__ import annotations

from journal.models import Profile


def user_display(user) -> str:
    """How allauth names someone ("Signed in as …", emails): the name they gave, not the username."""
    # Read afresh: at sign-up, user.profile can still be the copy made before the name was saved.
    name = Profile.objects.filter(user_id=user.pk).values_list("display_name", flat=True).first()
    return name or user.email or user.get_username()
