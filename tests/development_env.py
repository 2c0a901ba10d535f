"""Development settings for the test suite, loaded (`-p` in pyproject.toml) before Django reads its settings.

DEBUG defaults off in config/settings.py; without it, `pytest` run on its own (not through bin/test) would
need a production secret key and would redirect every request to HTTPS.

Each test process gets its own cache folder, so parallel runs (and a development server beside them)
never share rate-limit counts.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "1")
if "CACHE_DIR" not in os.environ:
    os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="footnote-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CACHE_DIR"], ignore_errors=True)
