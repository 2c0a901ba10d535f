"""Weigh the Today page's first load for a signed-in runner, as a server would send it.

    .venv/bin/python bench/page_weight.py [--budget-kb 100]

Runs on a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server) with the
library and the demo runner's journal. Renders /today/ through the Django test client as production does
(DEBUG off, so no debug-only scripts), then follows everything the HTML references: stylesheets,
scripts, icons, images, the web manifest and its icons, url()s inside the CSS, and the service worker
with what it precaches on install. Static files are read through the staticfiles finders.

Text (HTML, CSS, JS, SVG, JSON) is counted gzip-compressed at level 6, as a server sends it; formats
that are compressed already (PNG, WOFF2...) are counted as they are, as servers send them.

Prints a table and the total, and checks: total under the budget, no third-party URLs, and no
<script> in <head> that blocks rendering (neither defer, async nor type=module). Exits 1 if a
check fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from _common import analyze_tables, prepare_database, setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

ORIGIN = "http://testserver"
PAGE = "/today/"
ALREADY_COMPRESSED = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".woff", ".woff2", ".ico"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
SW_PRECACHE = re.compile(r"const PRECACHE = \[([^\]]*)\]")
SW_IMPORTS = re.compile(r"importScripts\(([^)]*)\)")


@dataclass
class Resource:
    url: str
    kind: str
    why: str
    raw: int = 0
    sent: int = 0


class PageParser(HTMLParser):
    """Collects what the HTML asks the browser to fetch, and the scripts in <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (url, kind, why)
        self.head_scripts: list[dict[str, str | None]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower().split()
            for wanted in ("stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload"):
                if wanted in rel:
                    self.refs.append((a["href"], wanted, f"<link rel={wanted}>"))
                    break
        elif tag == "script":
            if self.in_head:
                self.head_scripts.append(a)
            if a.get("src"):
                self.refs.append((a["src"], "script", "<script>"))
        elif tag in {"img", "source", "input"} and a.get("src"):
            self.refs.append((a["src"], "image", f"<{tag}>"))
        elif tag == "img" and a.get("srcset"):
            for candidate in a["srcset"].split(","):
                self.refs.append((candidate.strip().split()[0], "image", "<img srcset>"))


def sent_size(path: str, body: bytes) -> int:
    if Path(urlsplit(path).path).suffix.lower() in ALREADY_COMPRESSED:
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def fetch(client: Client, url: str) -> tuple[bytes, str]:
    """A same-origin URL's body and type: static files from the finders, the rest from the app."""
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if not found:
            raise SystemExit(f"{url}: no such static file")
        return Path(found).read_bytes(), "static"
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: answered {response.status_code}")
    return response.content, response.headers.get("Content-Type", "")


def third_party(url: str) -> bool:
    parts = urlsplit(urljoin(ORIGIN + PAGE, url))
    return parts.scheme not in {"http", "https", "data"} or (
        parts.scheme != "data" and f"{parts.scheme}://{parts.netloc}" != ORIGIN
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget-kb", type=float, default=100)
    args = parser.parse_args()

    # DEBUG is off (bench_settings.py), as in production: django-htmx's debug-only script is left out.
    prepare_database()
    call_command("seed_demo", verbosity=0)
    analyze_tables()
    anonymous = Client()  # the service worker precaches without cookies
    client = Client()
    client.force_login(get_user_model().objects.get(email="demo@footnote.example"))

    response = client.get(PAGE)
    assert response.status_code == 200, response.status_code
    html = response.content
    page = PageParser()
    page.feed(html.decode())

    resources = [Resource(PAGE, "html", "the page", len(html), sent_size(PAGE, html))]
    seen = {PAGE}
    foreign: list[str] = []
    queue = list(page.refs)
    # offline.js registers the service worker on the first load; it then precaches its list.
    queue.append(("/sw.js", "worker", "service worker"))
    while queue:
        ref, kind, why = queue.pop(0)
        if ref.startswith("data:"):
            continue
        if third_party(ref):
            foreign.append(ref)
            continue
        url = urlsplit(urljoin(ORIGIN + PAGE, ref)).path
        if url in seen:
            continue
        seen.add(url)
        body, _ = fetch(anonymous if kind == "precache" else client, url)
        resources.append(Resource(url, kind, why, len(body), sent_size(url, body)))
        text = body.decode("utf-8", "replace")
        if url.endswith(".css"):
            for match in CSS_URL.finditer(text):
                found = match.group(2) or match.group(4)
                queue.append(
                    (urljoin(url, found), "font" if re.search(r"\.woff2?$", found) else "css url", url)
                )
        elif kind == "manifest":
            for icon in json.loads(text).get("icons", []):
                queue.append((icon["src"], "icon", "manifest"))
        elif kind == "worker":
            for block in SW_PRECACHE.findall(text) + SW_IMPORTS.findall(text):
                for precached in re.findall(r'"([^"]+)"', block):
                    queue.append((precached, "precache", "service worker"))

    total_raw = sum(r.raw for r in resources)
    total_sent = sum(r.sent for r in resources)
    print(f"Today page, first load for a signed-in runner ({len(resources)} responses)")
    print(f"{'resource':<44} {'kind':<16} {'raw KB':>8} {'sent KB':>8}  why")
    for r in resources:
        print(f"{r.url:<44} {r.kind:<16} {r.raw / 1024:>8.1f} {r.sent / 1024:>8.1f}  {r.why}")
    print(f"{'total':<44} {'':<16} {total_raw / 1024:>8.1f} {total_sent / 1024:>8.1f}")

    blocking = [
        s.get("src") or "(inline)"
        for s in page.head_scripts
        if "defer" not in s and "async" not in s and (s.get("type") or "").lower() != "module"
    ]
    checks = [
        (
            f"total sent under {args.budget_kb:g} KB",
            total_sent < args.budget_kb * 1024,
            f"{total_sent / 1024:.1f} KB",
        ),
        ("no third-party URLs", not foreign, ", ".join(foreign) or "none"),
        ("no render-blocking <script> in <head>", not blocking, ", ".join(blocking) or "none"),
    ]
    print()
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
