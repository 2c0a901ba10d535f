"""Development settings for the test suite, loaded (`-p` in pyproject.toml) before Django reads its settings.

DEBUG defaults off in config/settings.py; without it, `pytest` run on its own (not through bin/test) would
need a production secret key and would redirect every request to HTTPS.
"""

import os

os.environ.setdefault("DEBUG", "1")
