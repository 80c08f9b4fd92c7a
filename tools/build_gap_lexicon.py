"""Build ``src/gaptext/data/gap_lexicon.tsv`` from jieba 0.42.1's ``dict.txt`` (MIT).

The gap rules need to know which neighbours *form a word* with a character
that a cut leaves behind (今年, 年底, 等待, 是否, 门第 ...), so that clean text
is never flagged, and which fixed expressions lose their 三 when a template
site deletes that numeral (第三产业 -> 第产业, 泛珠三角 -> 泛珠角), so that the
missing numeral can be suggested.  Everything here is derived from the word
list of jieba 0.42.1 (https://github.com/fxsjy/jieba, MIT licence), nothing
from any corpus.

Run:  python tools/build_gap_lexicon.py [--check]   (needs ``pip install jieba==0.42.1``;
deterministic: a rebuild gives the same bytes, ``--check`` exits 1 if the
shipped file is out of date)

Output, one entry a line, tab separated: ``category  entry  value``.

- ``nian_left``  c   -- the two-character word c+年 exists (今年, 当年 ...)
- ``nian_right`` c   -- 年+c exists (年底, 年轻 ...)
- ``deng_right`` c   -- 等+c exists (等待, 等于 ...)
- ``di_left``    c   -- c+第 exists (门第, 及第 ...)
- ``di_word``    w   -- a word starting with 第 that is no ordinal (第比利斯 ...)
- ``wan_word``   w   -- a word of three or more characters holding 万/亿 (千家万户, 万元户)
- ``nian_word``  w   -- a word of three or more characters starting with 年 (年复一年,
  年久失修, 年事已高, 年收入): a 年 that opens one is no cut year
- ``nian_inner`` w   -- a word of three or more characters with 年 inside or at its end,
  after no numeral (逢年过节, 本命年, 丰收年, 有生之年): that 年 is no cut year
- ``nian_clash`` w   -- a two-character word XY whose X also makes a word 年X, and which is
  at least as frequent as 年X and frequent in itself (年内 / 内蒙, 年长 / 长江, 年中 / 中国):
  after a bare 年, ``X Y`` may be the start of what followed a cut year, so 年X proves nothing
- ``di_inner``   w   -- a word of three or more characters with 第 inside that is no ordinal
  (印第安, 安第斯, 法拉第)
- ``deng_word``  w   -- a word of three or more characters starting with 等 (等米下锅, 等同于)
- ``san``        g   -- full form: a fixed expression w with 三, g is w with
  every 三 deleted; value is ``w`` then ``any`` (g can stand unquoted: it is
  no word, no part of a word, and cannot arise across a word boundary) or
  ``quoted`` (only a whole quotation “g” proves the cut).
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict

JIEBA_VERSION = "0.42.1"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "gaptext", "data", "gap_lexicon.tsv")

NUMERALS = set("〇零一二三四五六七八九十百千万亿两廿卅几数半")
# jieba's part-of-speech tags for fixed expressions: other proper noun,
# place name, abbreviation, idiom, set phrase.  Numerals (m), times (t),
# measure words and person names are quantities or names, not fixed
# expressions of the kind template sites cut.
FIXED_POS = {"nz", "ns", "j", "i", "l"}
# Unquoted matching is for names (泛珠三角, 长江三角洲); idioms (三令五申) and
# set phrases match only as a whole quotation, which keeps the table small.
ANY_POS = {"nz", "ns", "j"}
MIN_FREQ = 3            # jieba's floor for rare or noisy entries
MIN_FREQ_SINGLE = 50    # a one-character remnant (三农 -> 农) needs a well-known term
# A two-character word XY clashes with 年X when it is at least this frequent
# (and at least as frequent as 年X): 年长 (214) / 长江 (many); not 年底 / 底下.
MIN_FREQ_CLASH = 100
# Two-character words with 年 after it that gap/year.py knows although
# jieba 0.42.1 lacks them (year.py ``_RIGHT_WORDS``: 年中, 年味, 年会 ...):
# their clashes are listed too.  Kept equal by tests/test_gaps_lexicon.py.
EXTRA_NIAN_RIGHT = "中味俗会月礼"


def load_jieba():
    import jieba

    version = getattr(jieba, "__version__", "?")
    if version != JIEBA_VERSION:
        sys.exit(f"need jieba {JIEBA_VERSION}, found {version}")
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def is_cjk(s: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in s)


def build(words):
    rows = set()
    cjk_words = {w for w in words if is_cjk(w)}
    for w in cjk_words:
        if len(w) != 2:
            continue
        a, b = w
        if b == "年" and a not in NUMERALS:
            rows.add(("nian_left", a, ""))
        if a == "年" and b not in NUMERALS:
            rows.add(("nian_right", b, ""))
        if a == "等":
            rows.add(("deng_right", b, ""))
        if b == "第":
            rows.add(("di_left", a, ""))
    for w in cjk_words:
        freq, pos = words[w]
        if w[0] == "第" and len(w) > 1 and w[1] not in NUMERALS and pos != "m" and freq >= MIN_FREQ:
            rows.add(("di_word", w, ""))
        if len(w) >= 3 and pos != "m" and freq >= MIN_FREQ and any(c in "万亿" for c in w):
            rows.add(("wan_word", w, ""))
    for w in cjk_words:
        freq, pos = words[w]
        if len(w) < 3 or freq < MIN_FREQ or pos == "m":
            continue
        if w[0] == "年" and w[1] not in NUMERALS and not set(w) <= set("年月日时"):
            rows.add(("nian_word", w, ""))  # (not 年月日: a date whose digits are all cut)
        if w[0] == "等":
            rows.add(("deng_word", w, ""))
        k = w.find("年", 1)
        if k > 0 and w[0] != "年" and w[k - 1] not in NUMERALS and "年" not in w[:k]:
            rows.add(("nian_inner", w, ""))
        k = w.find("第", 1)
        if k > 0 and "第" not in w[:k]:
            # 印第安, 安第斯; a final 第 only in a name (法拉第), not in 排名第, 倒数第
            inside = k + 1 < len(w) and w[k + 1] not in NUMERALS
            if inside or (k + 1 == len(w) and pos.startswith("n")):
                rows.add(("di_inner", w, ""))
    rows |= clash_rows(words, cjk_words)
    rows |= san_rows(words, cjk_words)
    return sorted(rows)


def clash_rows(words, cjk_words):
    """Two-character words XY that compete with a word 年X for the X (see the docstring)."""
    right = {w[1] for w in cjk_words if len(w) == 2 and w[0] == "年" and w[1] not in NUMERALS}
    right |= set(EXTRA_NIAN_RIGHT)
    out = set()
    for w in cjk_words:
        if len(w) != 2 or w[0] not in right or w[1] in NUMERALS:
            continue
        freq = words[w][0]
        if freq >= max(MIN_FREQ_CLASH, words.get("年" + w[0], (0, ""))[0]):
            out.add(("nian_clash", w, ""))
    return out


def san_rows(words, cjk_words):
    """Fixed expressions with 三 and what is left when the 三 is cut."""
    # Every substring that occurs inside some word, and every prefix / suffix
    # of a word: g is safe unquoted only if it is none of these and no split
    # of g is a word's tail followed by a word's head.
    inner, heads, tails = set(), set(), set()
    for w in cjk_words:
        if "三" in w:
            continue
        n = len(w)
        for i in range(n):
            heads.add(w[: i + 1])
            tails.add(w[i:])
            for j in range(i + 1, min(n, i + 8) + 1):
                inner.add(w[i:j])
    out = set()
    for w in cjk_words:
        freq, pos = words[w]
        if "三" not in w or pos not in FIXED_POS or freq < MIN_FREQ:
            continue
        if any(
            (i > 0 and w[i - 1] in NUMERALS) or (i + 1 < len(w) and w[i + 1] in NUMERALS)
            for i, c in enumerate(w)
            if c == "三"
        ):
            continue  # 十三, 三十, 二三: a different number, not a fixed expression
        g = w.replace("三", "")
        if not g:
            continue
        if len(g) == 1:
            if freq >= MIN_FREQ_SINGLE and pos in ("j", "nz"):
                out.add(("san", g, w + " quoted"))
            continue
        if g in words:
            continue  # 三严三实 -> 严实 is itself a word
        interior = w[0] != "三" and w[-1] != "三"
        # Idioms jieba tags as names (隔三差五, 二桃杀三士) hold other numerals.
        counted = any(c in NUMERALS for c in g)
        safe = pos in ANY_POS and interior and not counted and len(g) >= 3 and g not in inner and not any(
            g[:k] in tails and g[k:] in heads for k in range(1, len(g))
        )
        out.add(("san", g, w + (" any" if safe else " quoted")))
    # One gapped form, one expression: drop forms two expressions share.
    by_g = defaultdict(set)
    for _, g, v in out:
        by_g[g].add(v.split()[0])
    return {r for r in out if len(by_g[r[1]]) == 1}


JIEBA_NOTICE = """\
The MIT License (MIT)

Copyright (c) 2013 Sun Junyi

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def render(rows) -> str:
    lines = [
        f"# gap_lexicon.tsv: built by tools/build_gap_lexicon.py from jieba {JIEBA_VERSION} dict.txt",
        f"# source: https://github.com/fxsjy/jieba (PyPI jieba=={JIEBA_VERSION}), licence: MIT",
        "# columns: category<TAB>entry<TAB>value (see the build script's docstring)",
        "# jieba's licence notice:",
    ]
    lines += [("# " + line).rstrip() for line in JIEBA_NOTICE.splitlines()]
    lines += [f"{cat}\t{entry}\t{value}" for cat, entry, value in rows]
    return "\n".join(lines) + "\n"


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(description="build src/gaptext/data/gap_lexicon.tsv from jieba's dict.txt")
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs from a rebuild")
    args = ap.parse_args(argv)
    rows = build(load_jieba())
    text = render(rows)
    out = os.path.normpath(OUT)
    if args.check:
        with open(out, encoding="utf-8") as fh:
            same = fh.read() == text
        print(f"{out}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    counts = defaultdict(int)
    for cat, _, value in rows:
        counts[cat + ("/" + value.split()[-1] if cat == "san" else "")] += 1
    print(out, dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
