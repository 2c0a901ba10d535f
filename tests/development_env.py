"""Development settings for the test suite, loaded (`-p` in pyproject.toml) before Django reads its settings.

DEBUG defaults off in config/settings.py; without it, `pytest` run on its own (not through bin/test) would
need a production secret key and would redirect every request to HTTPS.

Each test process gets its own cache folder, so parallel runs (and a development server beside them)
never share rate-limit counts. That includes each xdist worker: a worker inherits the controller's
environment, so a folder made by another process is never reused (one worker emptying the cache after
its test would otherwise wipe the counts another worker's test is building up).
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "1")
if os.environ.get("FOOTNOTE_TEST_CACHE_PID") != str(os.getpid()):
    os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="footnote-test-cache-")
    os.environ["FOOTNOTE_TEST_CACHE_PID"] = str(os.getpid())
    atexit.register(shutil.rmtree, os.environ["CACHE_DIR"], ignore_errors=True)
