"""How much an upload may hold. Every limit is checked on the bytes actually read, not on headers."""

from __future__ import annotations

import os

MB = 1024 * 1024
MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_MB", "25")) * MB
MAX_ARCHIVE_BYTES = int(os.environ.get("IMPORT_MAX_ARCHIVE_MB", "500")) * MB
# A zip member that claims to expand more than this many times its packed size is refused (zip bombs).
MAX_EXPANSION_RATIO = 100
# Everything read out of one archive, all members and nested archives together.
MAX_EXPANDED_BYTES = 2 * 1024 * MB
# Archives inside archives (Garmin keeps its FIT files in zips inside the export) go one level deep.
MAX_NESTING = 1
# Two runs are the same run when they started within this many seconds and their distances are close.
DUPLICATE_START_S = 120
DUPLICATE_DISTANCE_RATIO = 0.02
