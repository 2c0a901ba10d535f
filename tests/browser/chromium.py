"""How the tests launch Chromium; no Django here, so bin/lighthouse can use it too."""

from __future__ import annotations

from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")

# Without the networking flags Chromium keeps trying to reach the outside and is refused (TESTING.md).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
