"""The HTML report, rendered by a real browser (headless Chromium).

What a reader sees is read back from the DOM the browser built: the new
text of the document is gaptext's clean text, the old text is the source,
every gap is a tag with its kind, the summary counts match the JSON, and
document text that looks like markup stays text.  A screenshot shows the
page paints.  Skipped, with the reason, only where no browser is installed
(.ci/run installs Debian's chromium).
"""

from __future__ import annotations

import json
import re
from collections import Counter
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gaptext
from test_check import FIXTURE, run_check
from test_check_fixture import CONFIG

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER = next((b for b in map(shutil.which, BROWSERS) if b), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium found (apt-get install chromium); the HTML report needs a real browser"
)


def browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, timeout=180)


class Reader(HTMLParser):
    """The page as a reader sees it: the document's old and new text, gap tags, tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list = []
        self.old: list = []
        self.new: list = []
        self.gaps: list = []
        self.cells: list = []
        self.scripts = 0
        self._gap: list = []
        self._cell = None

    def _classes(self, attrs) -> set:
        return set((dict(attrs).get("class") or "").split())

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        classes = self._classes(attrs)
        self.stack.append((tag, classes))
        if "gap" in classes:
            self._gap = []
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        while self.stack:
            t, classes = self.stack.pop()
            if "gap" in classes:
                self.gaps.append("".join(self._gap))
            if t in ("td", "th") and self._cell is not None:
                self.cells.append("".join(self._cell))
                self._cell = None
            if t == tag:
                break

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        classes = set().union(*(c for _, c in self.stack)) if self.stack else set()
        if self._cell is not None:
            self._cell.append(data)
        if "gap" in classes:
            self._gap.append(data)
            return
        if "doc" not in classes or "legend" in classes or tags[-1] == "a":
            return
        if "rt" in tags or "del" in tags:
            self.old.append(data)
        elif "ruby" in tags or "ins" in tags:
            self.new.append(data)
        else:
            self.old.append(data)
            self.new.append(data)


def flat(text: str) -> str:
    return re.sub("[\n\r↵]", "", text)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    doc = folder / FIXTURE.name
    shutil.copy(FIXTURE, doc)
    hostile = folder / "hostile <b>&amp;.txt"
    hostile.write_text('<script>alert("x")</script> 發(fā)展 &amp; <img src=x onerror=alert(1)>\n', encoding="utf-8")
    out = folder / "report.html"
    r = run_check("--format", "html", "-o", str(out), str(doc), str(hostile))
    assert r.code == 1, r.err
    dumped = browser(folder, "--dump-dom", out.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    reader = Reader()
    reader.feed(dumped.stdout.decode("utf-8"))
    data = json.loads(run_check("--format", "json", str(doc), str(hostile)).out)
    return folder, out, reader, data, hostile


def test_page_is_self_contained_and_escapes_the_document(page):
    _, out, reader, _, _ = page
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)
    assert "@import" not in html and "url(" not in html
    assert reader.scripts == 0  # the document's <script> is text, not a script
    assert '<script>alert("x")</script>' in "".join(reader.new)
    assert any(c.endswith("/hostile <b>&amp;.txt") for c in reader.cells)


def test_reader_sees_the_clean_text_and_the_source(page):
    _, _, reader, _, hostile = page
    source = FIXTURE.read_text(encoding="utf-8")
    clean = gaptext.clean(source, CONFIG)
    other = hostile.read_text(encoding="utf-8")
    new, old = flat("".join(reader.new)), flat("".join(reader.old))
    assert new == flat(clean) + flat(gaptext.clean(other, CONFIG))
    assert old == flat(source) + flat(other)


def test_every_gap_is_a_tag_with_its_kind(page):
    _, _, reader, data, _ = page
    gaps = [d for d in data["diagnostics"] if d["family"] == "gap"]
    legend = 1  # the legend shows one sample tag
    assert len(reader.gaps) == len(gaps) + legend
    # A tag follows a masked span, so tags may come in a slightly different order.
    assert Counter(reader.gaps[legend:]) == Counter(d["kind"] + (d["suggestion"] or "") for d in gaps)


def test_summary_table_counts_match_the_json(page):
    _, _, reader, data, _ = page
    cells = reader.cells
    for code, count in data["summary"]["by_code"].items():
        i = cells.index(code)
        assert cells[i + 3] == str(count), (code, cells[i:i + 4])


def test_screenshot_paints_the_page(page, tmp_path):
    _, out, _, _, _ = page
    png = tmp_path / "shot.png"
    r = browser(tmp_path, "--hide-scrollbars", "--window-size=1200,1600", f"--screenshot={png}", out.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 60_000  # a blank or unstyled page compresses far smaller
