"""``--format html``: one self-contained page to read a document's repairs and gaps.

The page holds everything (inline CSS, no script, no fonts, images or links
to fetch) and escapes every piece of document text.  For each document: the
text with line numbers, where

* a character changed in place (script, punctuation) shows the new one with
  the old one above it as ruby, ``经`` over ``經``;
* removed text (inline pinyin, a broken paragraph) is struck through, small;
* encoding repairs show the damaged bytes struck through, then the repair;
* each gap is a red tag at the cut: its kind and, when the text proves it,
  the missing content;
* damage seen but not repairable is underlined in red.

Above the documents, a summary table by code and per file; check boxes hide
a family's marks or the old text (CSS only).  Hovering a mark shows its code
and message.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from typing import Dict, List, Tuple

from . import RunInfo

__all__ = ["render"]

FAMILY_LABEL = {
    "encoding": "encoding",
    "pinyin": "pinyin",
    "script": "script",
    "punctuation": "punctuation",
    "gap": "gaps",
    "other": "other",
}
ORDER = ("encoding", "pinyin", "script", "punctuation", "gap", "other")
OPEN_FILES = 20  # more documents than this start folded

_BREAK = re.compile(r"\r\n|\r|\n")

CSS = """
:root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--paper:#fff;--bg:#f6f7f9;
--encoding:#7c3aed;--pinyin:#b45309;--script:#2563eb;--punctuation:#0f766e;--gap:#e11d48;--other:#57606a;--finding:#b91c1c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 64px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0}
.sub{color:var(--muted);margin:0 0 20px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 22px}
.card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:10px 14px;min-width:118px}
.card b{display:block;font-size:22px;line-height:1.2}.card span{color:var(--muted);font-size:13px}
.card.fam{border-top:4px solid var(--c)}
section.box{background:var(--paper);border:1px solid var(--line);border-radius:12px;margin:0 0 22px;overflow:hidden}
section.box>h2,details>summary{padding:12px 16px;border-bottom:1px solid var(--line);background:#fbfbfc}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:7px 16px;border-bottom:1px solid #eef0f2;vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:last-child td{border-bottom:0}
.code{font:600 13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.chip{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;color:#fff;background:var(--c);white-space:nowrap}
.bar{height:8px;border-radius:4px;background:var(--c);opacity:.75;min-width:2px}
.fix{color:var(--punctuation);font-weight:600}
.controls{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;margin:0 0 18px;font-size:14px}
.controls label{display:inline-flex;gap:6px;align-items:center;cursor:pointer}
.controls .sw{width:12px;height:12px;border-radius:3px;background:var(--c);display:inline-block}
details{border:0}
details>summary{cursor:pointer;list-style:none;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:baseline}
details>summary::-webkit-details-marker{display:none}
details>summary h2::before{content:"▸ ";color:var(--muted)}details[open]>summary h2::before{content:"▾ "}
.meta{color:var(--muted);font-size:13px}
.doc{padding:14px 0 18px;font-size:17px;line-height:2.35;font-family:"Noto Serif CJK SC","Noto Sans CJK SC","Songti SC","SimSun",serif}
.ln{display:flex;padding:0 18px 0 0}
.ln:hover{background:#fafbfc}
.ln>a{flex:0 0 52px;text-align:right;padding-right:14px;color:#aab2bb;text-decoration:none;font:12px/2.9 ui-monospace,Menlo,monospace;user-select:none}
.ln>span{flex:1;min-width:0;overflow-wrap:anywhere;white-space:pre-wrap}
.ln.blank{line-height:.9}.ln.blank>a{visibility:hidden}
.m{position:relative;border-radius:3px;cursor:help}
.sub ruby{ruby-position:over;background:color-mix(in srgb,var(--c) 10%,transparent);box-shadow:inset 0 -2px 0 color-mix(in srgb,var(--c) 55%,transparent);border-radius:2px}
.sub rt{font-size:10px;color:var(--c);font-family:system-ui,sans-serif;letter-spacing:0;opacity:.95}
del.m{color:var(--c);text-decoration:line-through;text-decoration-thickness:1px;font-size:12px;font-family:ui-monospace,Menlo,monospace;opacity:.85;padding:0 1px;white-space:pre-wrap}
span.enc{background:color-mix(in srgb,var(--c) 9%,transparent);padding:2px 3px;outline:1px solid color-mix(in srgb,var(--c) 35%,transparent)}
span.enc del{color:var(--c);font-size:12px;text-decoration:line-through;opacity:.8}
span.enc ins{text-decoration:none;box-shadow:inset 0 -2px 0 var(--c)}
.gap{display:inline-flex;align-items:center;gap:3px;vertical-align:1px;margin:0 2px;padding:0 6px;border:1.5px dashed var(--gap);border-radius:6px;background:#fff1f3;color:var(--gap);font:600 11px/1.7 system-ui,sans-serif;cursor:help}
.gap b{font:700 14px/1.5 "Noto Sans CJK SC",sans-serif;color:#9f1239}
mark.gapspan{background:#ffe4e8;color:#9f1239;border-radius:3px;padding:0 1px;box-shadow:inset 0 -2px 0 var(--gap)}
.finding{text-decoration:underline wavy var(--finding);text-underline-offset:4px;cursor:help}
.gaps{border-top:1px solid var(--line)}
.gaps h3{font-size:15px;margin:0;padding:12px 16px 4px}
.legend{display:flex;flex-wrap:wrap;gap:6px 22px;align-items:center;font-size:14px;color:var(--muted);margin:0 0 10px}
.legend .doc{padding:0;font-size:16px;line-height:2.2;color:var(--ink)}
.ctx{font-family:"Noto Sans CJK SC",sans-serif;color:#333}
.ctx b{color:var(--gap)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:28px}
#hide-before:checked~main rt,#hide-before:checked~main del.m,#hide-before:checked~main span.enc del{display:none}
#hide-encoding:checked~main .d-encoding del,#hide-pinyin:checked~main del.d-pinyin,#hide-script:checked~main .d-script rt,
#hide-punctuation:checked~main .d-punctuation rt,#hide-punctuation:checked~main del.d-punctuation,#hide-gap:checked~main .gap{display:none}
#hide-encoding:checked~main .d-encoding,#hide-script:checked~main .d-script ruby,#hide-punctuation:checked~main .d-punctuation ruby{background:none;box-shadow:none;outline:0}
#hide-gap:checked~main mark.gapspan{background:none;box-shadow:none;color:inherit}
.toggle{position:absolute;opacity:0;pointer-events:none}
"""


LEGEND = (
    '<span class="doc"><span class="m sub" style="--c:var(--script)"><ruby>经<rt>經</rt></ruby><ruby>济<rt>濟</rt></ruby>工作</span></span> changed: new text, the old above'
    '<span class="doc">发<del class="m" style="--c:var(--pinyin)">(fā)</del></span> removed'
    '<span class="doc"><span class="m enc" style="--c:var(--encoding)"><del>?;浉郯拇鬄硡^(qū)</del><ins>。粤港澳大湾区</ins></span></span> mis-decoded, repaired'
    '<span class="doc">对<span class="gap">year</span>年</span> cut from the text (a gap)'
)


def _c(family: str) -> str:
    return f"--c:var(--{family})"


def _tip(d) -> str:
    where = f"line {d.line}, column {d.column}"
    text = f"{d.code} · {d.message} · {where}"
    if d.kind == "repair":
        text += f"\n{d.text!r} → {d.suggestion!r}"
    elif d.suggestion is not None:
        text += f"\nsuggestion: {d.suggestion}"
    if d.confidence is not None:
        text += f"\nconfidence {d.confidence:.2f}"
    return escape(text, quote=True)


def _show(text: str) -> str:
    """Escaped text for an inline mark: line breaks as ↵."""
    return escape(_BREAK.sub("↵", text), quote=False)


def _repair(text: str, d) -> str:
    style = _c(d.family)
    attrs = f'class="m {{cls}} d-{d.family}" style="{style}" title="{_tip(d)}"'
    after = d.suggestion or ""
    if after == "":
        return f"<del {attrs.format(cls='cut')}>{_show(text)}</del>"
    if d.family != "encoding" and "\n" not in text and "\r" not in text and len(text) == len(after):
        # Character for character: the changed ones as ruby, old above new.
        inner = "".join(
            escape(a, quote=False) if a == b else f"<ruby>{escape(a, quote=False)}<rt>{escape(b, quote=False)}</rt></ruby>"
            for a, b in zip(after, text)
        )
        return f"<span {attrs.format(cls='sub')}>{inner}</span>"
    return f"<span {attrs.format(cls='enc')}><del>{_show(text)}</del><ins>{escape(after, quote=False)}</ins></span>"


def _gap(d) -> str:
    label = escape(d.kind, quote=False)
    filled = f"<b>{escape(d.suggestion, quote=False)}</b>" if d.suggestion else ""
    return f'<span class="gap d-gap" title="{_tip(d)}">{label}{filled}</span>'


def _document(r, fid: str) -> str:
    """The document's lines with every mark in place."""
    text = r.source or ""
    diags = r.diagnostics
    # Marks that cover text: repairs (never overlapping), findings, masked text of gaps.
    spans: List[Tuple[int, int, str, object]] = [
        (d.offset, d.end_offset, "repair", d) for d in diags if d.kind == "repair"
    ]
    points: List[Tuple[int, object]] = []
    for d in diags:
        if d.kind == "finding":
            spans.append((d.offset, d.end_offset, "finding", d))
        elif d.kind != "repair":
            if d.end_offset > d.offset:
                spans.append((d.offset, d.end_offset, "gapspan", d))
            else:
                points.append((d.offset, d))
    spans.sort(key=lambda s: (s[0], -s[1]))
    taken: List[Tuple[int, int, str, object]] = []
    for s in spans:
        if taken and s[0] < taken[-1][1]:
            # Overlaps a mark already placed: a gap shows as a tag after it.
            if s[2] == "gapspan":
                points.append((taken[-1][1], s[3]))
            continue
        taken.append(s)
    points.sort(key=lambda p: p[0])

    out: List[str] = []
    line = 1
    buf: List[str] = []

    def close_line(blank: bool) -> None:
        nonlocal buf
        cls = "ln blank" if blank else "ln"
        out.append(f'<div class="{cls}" id="{fid}-L{line}"><a href="#{fid}-L{line}">{line}</a><span>{"".join(buf)}</span></div>')
        buf = []

    def plain(segment: str) -> None:
        nonlocal line
        parts = _BREAK.split(segment)
        for i, part in enumerate(parts):
            if i:
                close_line(blank=not any(buf))
                line += 1
            if part:
                buf.append(escape(part, quote=False))

    pos = 0
    pi = 0

    def points_until(limit: float) -> None:
        """Plain text and the zero-width gaps at or before ``limit``."""
        nonlocal pos, pi
        while pi < len(points) and points[pi][0] <= limit:
            p, d = points[pi]
            if p > pos:
                plain(text[pos:p])
                pos = p
            buf.append(_gap(d))
            pi += 1

    for s, e, what, payload in taken:
        points_until(s)
        if s > pos:
            plain(text[pos:s])
        covered = text[s:e]
        if what == "repair":
            buf.append(_repair(covered, payload))
        elif what == "finding":
            buf.append(f'<span class="finding" title="{_tip(payload)}">{_show(covered)}</span>')
        else:
            buf.append(f'<mark class="gapspan d-gap" title="{_tip(payload)}">{_show(covered)}</mark>{_gap(payload)}')
        line += len(_BREAK.findall(covered))
        pos = max(pos, e)
    points_until(float("inf"))  # the rest
    plain(text[pos:])
    if buf or not out:
        close_line(blank=not buf)
    return "\n".join(out)


def _gap_rows(r, fid: str) -> str:
    gaps = [d for d in r.diagnostics if d.kind not in ("repair", "finding")]
    if not gaps:
        return ""
    src = r.source or ""
    rows = []
    for d in gaps:
        before = _BREAK.sub(" ", src[max(0, d.offset - 14):d.offset])
        after = _BREAK.sub(" ", src[d.end_offset:d.end_offset + 14])
        cut = escape(d.text, quote=False) if d.text else "▢"
        rows.append(
            f'<tr><td class="num"><a href="#{fid}-L{d.line}">{d.line}:{d.column}</a></td>'
            f'<td><span class="code">{escape(d.code)}</span></td>'
            f'<td><span class="chip" style="{_c("gap")}">{escape(d.kind)}</span></td>'
            f'<td class="ctx">…{escape(before, quote=False)}<b>{cut}</b>{escape(after, quote=False)}…</td>'
            f"<td>{escape(d.message, quote=False)}</td>"
            f'<td>{escape(d.suggestion, quote=False) if d.suggestion else "—"}</td></tr>'
        )
    return (
        '<table><thead><tr><th>where</th><th>code</th><th>kind</th><th>context</th><th>what was cut</th>'
        "<th>suggestion</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _summary(results) -> Tuple[str, Counter]:
    counts: Counter = Counter()
    info: Dict[str, object] = {}
    families: Counter = Counter()
    for r in results:
        for d in r.diagnostics:
            counts[d.code] += 1
            families[d.family] += 1
            info.setdefault(d.code, d)
    if not counts:
        return "", families
    top = max(counts.values())
    rows = []
    for code in sorted(counts, key=lambda c: (ORDER.index(info[c].family) if info[c].family in ORDER else 9, c)):
        d = info[code]
        width = max(1, round(140 * counts[code] / top))
        rows.append(
            f'<tr><td><span class="code">{escape(code)}</span></td>'
            f'<td><span class="chip" style="{_c(d.family)}">{escape(FAMILY_LABEL.get(d.family, d.family))}</span></td>'
            f"<td>{escape(d.message, quote=False)}</td>"
            f'<td class="num">{counts[code]}</td>'
            f'<td><div class="bar" style="{_c(d.family)};width:{width}px"></div></td>'
            f'<td>{"<span class=fix>fixable</span>" if d.fixable else "—"}</td></tr>'
        )
    table = (
        '<section class="box"><h2>By code</h2><table><thead><tr><th>code</th><th>family</th><th>meaning</th>'
        '<th style="text-align:right">count</th><th></th><th>--fix</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></section>"
    )
    return table, families


def _files_table(results) -> str:
    if len(results) < 2:
        return ""
    rows = []
    for i, r in enumerate(results):
        fams = Counter(d.family for d in r.diagnostics)
        chips = " ".join(
            f'<span class="chip" style="{_c(f)}">{escape(FAMILY_LABEL[f])} {fams[f]}</span>' for f in ORDER if fams.get(f)
        )
        status = escape(r.error or r.skipped or "", quote=False)
        rows.append(
            f'<tr><td><a href="#f{i}">{escape(r.display, quote=False)}</a></td>'
            f'<td>{escape(r.encoding or "—")}</td><td class="num">{len(r.diagnostics)}</td>'
            f"<td>{chips or status or 'clean'}</td></tr>"
        )
    return (
        '<section class="box"><h2>Files</h2><table><thead><tr><th>file</th><th>encoding</th>'
        '<th style="text-align:right">diagnostics</th><th>by family</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _file_section(i: int, r) -> str:
    fid = f"f{i}"
    if r.error or r.skipped:
        return (
            f'<section class="box" id="{fid}"><h2>{escape(r.display, quote=False)}</h2>'
            f'<p class="meta" style="padding:0 16px">{escape(r.error or r.skipped, quote=False)}</p></section>'
        )
    fams = Counter(d.family for d in r.diagnostics)
    chips = " ".join(
        f'<span class="chip" style="{_c(f)}">{escape(FAMILY_LABEL[f])} {fams[f]}</span>' for f in ORDER if fams.get(f)
    )
    meta = f"{escape(r.encoding or '')}{' + BOM' if r.bom else ''} · {r.newline} line endings · {r.characters:,} characters"
    gaps = _gap_rows(r, fid)
    n_gaps = sum(1 for d in r.diagnostics if d.kind not in ("repair", "finding"))
    gaps_html = f'<div class="gaps"><h3>Gaps ({n_gaps})</h3>{gaps}</div>' if gaps else ""
    is_open = " open" if i < OPEN_FILES else ""
    return (
        f'<section class="box" id="{fid}"><details{is_open}><summary><h2>{escape(r.display, quote=False)}</h2>'
        f'<span class="meta">{meta}</span><span>{chips or "<span class=meta>nothing to report</span>"}</span></summary>'
        f'<div class="doc" lang="zh">{_document(r, fid)}</div>'
        f"{gaps_html}</details></section>"
    )


def render(results, run: RunInfo) -> str:
    results = list(results)
    summary, families = _summary(results)
    total = sum(families.values())
    fixable = sum(1 for r in results for d in r.diagnostics if d.fixable)
    cards = [f'<div class="card"><b>{total:,}</b><span>diagnostics</span></div>',
             f'<div class="card"><b>{fixable:,}</b><span>fixable with --fix</span></div>']
    for f in ORDER:
        if families.get(f):
            cards.append(f'<div class="card fam" style="{_c(f)}"><b>{families[f]:,}</b><span>{FAMILY_LABEL[f]}</span></div>')
    toggles = ['<input type="checkbox" class="toggle" id="hide-before">'] + [
        f'<input type="checkbox" class="toggle" id="hide-{f}">' for f in ORDER if families.get(f) and f != "other"
    ]
    controls = ['<label for="hide-before"><span class="sw" style="--c:#57606a"></span>hide the old text</label>'] + [
        f'<label for="hide-{f}"><span class="sw" style="{_c(f)}"></span>hide {FAMILY_LABEL[f]}</label>'
        for f in ORDER
        if families.get(f) and f != "other"
    ]
    problems = ""
    if run.errors or run.skipped:
        items = "".join(
            f"<tr><td>{escape(p, quote=False)}</td><td>{escape(m, quote=False)}</td></tr>" for p, m in run.errors + run.skipped
        )
        problems = f'<section class="box"><h2>Not checked</h2><table><tbody>{items}</tbody></table></section>'
    checked = sum(1 for r in results if r.error is None and r.skipped is None)
    title = results[0].display if len(results) == 1 else f"{checked} documents"
    body = "".join(_file_section(i, r) for i, r in enumerate(results))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>gaptext-check · {escape(title, quote=False)}</title>
<style>{CSS}</style>
</head>
<body>
{''.join(toggles)}
<main>
<h1>gaptext-check report</h1>
<p class="sub">{escape(title, quote=False)} · gaptext {escape(run.version)} · {checked} file{'s' * (checked != 1)} checked</p>
<div class="cards">{''.join(cards)}</div>
<div class="legend">{LEGEND}</div>
<div class="controls">{''.join(controls)}</div>
{summary}
{_files_table(results)}
{problems}
{body}
<footer>Old text above or struck through, new text marked; red tags are gaps: text that was cut and is not invented back.</footer>
</main>
</body>
</html>
"""
