"""Damage real sentences the ways the encoding step repairs (deterministic, seeded).

Used by ``benchmarks/encoding_bench.py``.  The sentences come from the clean
corpora beside the checkout (test data: damaged here, never learnt from;
when they are absent every generator returns nothing and the benchmark says
so), or, after ``use_source("heldout")``, from the held-out People's Daily
text of ``benchmarks/heldout.py`` (development data: the one to tune on).

Out of step (what the real fixture shows), in two scripts:

* ``trad``: the sentence turned traditional (OpenCC ``s2tw``) with inline
  readings after some characters (pypinyin, toned), as the template sites
  print them;
* ``simp``: the sentence as it is.

It is encoded in GBK with its neighbours, then one of two events hits a
character of it:

* ``lost``: the character's lead byte is lost and shows as ``?``;
* ``junk`` (traditional only): a reading of the misaligned pair [previous
  trail byte, lead byte] was inserted between the character's two bytes, so
  the decoder swallows the lead byte with the ``(`` (as in ``當?shù)厝``).

The bytes are then decoded the way the real documents were: a lead byte
followed by an ASCII byte that cannot be a trail becomes ``?`` and swallows
that byte; an undecodable pair becomes ``?`` for its first byte, or, for the
user-defined areas, vanishes (half the time each); Greek and Cyrillic pairs
read out of step become ``?`` half the time; fullwidth ASCII is folded.

Cross-codec (a sentence, or for Big5 a clause, on a line of its own between
two clean lines):
``utf8>gb18030`` (UTF-8 read as GB18030, undecodable bytes as U+FFFD),
``gbk>latin1``, ``gbk>cp1252`` (ftfy's sloppy codec, as browsers decode),
``big5>gb18030`` (traditional; Big5's marks land in GBK's user-defined area),
``gbk>big5`` (only clauses Big5 can decode whole), ``utf8>cp1252`` (ftfy's
family).
"""

from __future__ import annotations

import random
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, NamedTuple, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_texts  # noqa: E402

#: Where the clean sentences come from: ``"corpora"`` (test data, the default) or
#: ``"heldout"`` (People's Daily 1998, :mod:`heldout`: development data).
SOURCE = "corpora"


def use_source(name: str) -> None:
    """Draw the sentences from ``"corpora"`` or ``"heldout"`` from now on."""
    global SOURCE
    if name not in ("corpora", "heldout"):
        raise ValueError(name)
    SOURCE = name
    sentences.cache_clear()


def source_texts() -> List[str]:
    """The clean documents of the current :data:`SOURCE`."""
    if SOURCE == "heldout":
        from heldout import heldout_documents

        return heldout_documents()
    return corpus_texts()

_SENTENCE = re.compile(r"[^。！？\n]*[。！？]")
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


class Case(NamedTuple):
    damaged: str
    clean: str
    kind: str  # e.g. "trad/lost", "simp/lost", "trad/junk", "utf8>gb18030"
    why: str = "ok"  # out of step: "ok", or "whole"/"ascii" when bytes were lost for good


def fold(text: str) -> str:
    """Fullwidth ASCII folded to ASCII (what the template sites did)."""
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=1)
def _s2tw():
    from gaptext.conversion import Converter

    return Converter("s2tw")


@lru_cache(maxsize=None)
def _reading(char: str) -> Optional[str]:
    from pypinyin import Style, pinyin

    r = pinyin(char, style=Style.TONE, heteronym=False)[0][0]
    if not r or r == char:
        return None
    try:
        r.encode("gbk")
    except UnicodeEncodeError:
        return None
    return r


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=1)
def sentences() -> List[List[str]]:
    """The source's documents as lists of sentences (12 to 120 characters)."""
    docs = []
    for text in source_texts():
        sents = [s.strip() for s in _SENTENCE.findall(text)]
        sents = [s for s in sents if 12 <= len(s) <= 120 and sum(map(_han, s)) >= 0.7 * len(s)]
        if len(sents) >= 5:
            docs.append(sents)
    return docs


def annotate(text: str, rng: random.Random, marked: set) -> str:
    """Readings after the characters in ``marked`` (most occurrences), as the sites print them."""
    out = []
    for ch in text:
        out.append(ch)
        if ch in marked and rng.random() < 0.85:
            r = _reading(ch)
            if r:
                out.append(f"({r})")
    return "".join(out)


#: How often an undecodable user-defined pair vanished instead of becoming '?'
#: (the real documents show one of each).
VANISH = 0.5


def decode_like_the_sites(data: bytes, rng: random.Random, vanish: float = VANISH, lost: Optional[set] = None) -> str:
    """GBK decoding as the damaged documents show it (see the module docstring).

    The positions of the bytes it could not show are added to ``lost``.
    """
    out = []
    gone = lost if lost is not None else set()
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b in (0x80, 0xFF) or i + 1 >= n:
            out.append("?")
            gone.add(i)
            i += 1
            continue
        t = data[i + 1]
        if t < 0x40 or t == 0x7F:
            out.append("?")  # the lead byte swallows the ASCII byte
            gone.update((i, i + 1))
            i += 2
            continue
        try:
            ch = bytes((b, t)).decode("gbk")
        except UnicodeDecodeError:
            user_defined = (0xAA <= b <= 0xAF or 0xF8 <= b <= 0xFE) and t >= 0xA1
            if user_defined and rng.random() < vanish:
                gone.update((i, i + 1))
                i += 2  # vanishes
            else:
                out.append("?")
                gone.add(i)
                i += 1
            continue
        if b in (0xA6, 0xA7) and rng.random() < 0.5:
            out.append("?")
            gone.add(i)
            i += 1
            continue
        out.append(ch)
        i += 2
    return fold("".join(out))


def _recoverable(text: str, sizes: List[int], owners: List[int], lost: set) -> str:
    """``"ok"``, or why the damage cannot be undone: ``"whole"`` (a character lost both
    bytes and no reading after it says which) or ``"ascii"`` (an ASCII byte was swallowed)."""
    gone: dict = {}
    for pos in lost:
        o = owners[pos]
        if o >= 0:
            gone[o] = gone.get(o, 0) + 1
    for o, count in gone.items():
        ch = text[o]
        if ord(ch) < 0x80:
            if not (ch == "(" and o + 1 < len(text) and text[o + 1].isalpha()):
                return "ascii"
        elif count >= sizes[o] and not (o + 1 < len(text) and text[o + 1] == "("):
            return "whole"
    return "ok"


def _gbk_chars(text: str) -> Optional[List[bytes]]:
    try:
        return [c.encode("gbk") for c in text]
    except UnicodeEncodeError:
        return None


#: Characters of the document kept on each side of a damaged sentence.
CONTEXT = 1500


def resync_cases(n: int, seed: int = 1, vanish: float = VANISH) -> List[Case]:
    """``n`` damaged sentences, each in its document (:data:`CONTEXT` characters each
    side), half of each script."""
    docs = sentences()
    if not docs:
        return []
    rng = random.Random(seed)
    conv = _s2tw()
    cases: List[Case] = []
    tries = 0
    while len(cases) < n and tries < n * 20:
        tries += 1
        doc = rng.choice(docs)
        i = rng.randrange(1, len(doc) - 1)
        script = "trad" if len(cases) % 2 == 0 else "simp"
        # The sentence in its document: whole sentences up to CONTEXT characters each side.
        a, b = i, i + 1
        while a > 0 and sum(map(len, doc[a - 1:i])) <= CONTEXT:
            a -= 1
        while b < len(doc) and sum(map(len, doc[i + 1:b + 1])) <= CONTEXT:
            b += 1
        window = doc[a:b]
        parts = ["".join(window[:i - a]), window[i - a], "".join(window[i - a + 1:])]
        if script == "trad":
            parts = [conv.convert(p) for p in parts]
            changed = sorted({c for p in parts for c in p if _han(c)} - set("".join(window)))
            marked = set(rng.sample(changed, k=max(1, len(changed) * 2 // 5))) if changed else set()
            parts = [annotate(p, rng, marked) for p in parts]
        chars = [_gbk_chars(p) for p in parts]
        if any(c is None for c in chars):
            continue
        before, mid, after = (b"".join(c) for c in chars)
        mid_chars = chars[1]
        # A two-byte character of the middle sentence, after another two-byte one.
        spots = [k for k in range(1, len(mid_chars))
                 if len(mid_chars[k]) == 2 and len(mid_chars[k - 1]) == 2 and _han(parts[1][k])]
        if not spots:
            continue
        k = rng.choice(spots)
        offset = len(before) + sum(len(c) for c in mid_chars[:k])
        data = bytearray(before + mid + after)
        kind = "lost"
        if script == "trad" and rng.random() < 0.4:
            misread = bytes((data[offset - 1], data[offset]))
            try:
                ch = misread.decode("gbk")
            except UnicodeDecodeError:
                ch = ""
            r = _reading(ch) if ch and _han(ch) else None
            if r:
                data[offset + 1:offset + 1] = b"(" + r.encode("gbk") + b")"
                kind = "junk"
        text = "".join(parts)
        sizes = [len(c) for part in chars for c in part]
        owners = [o for o, size in enumerate(sizes) for _ in range(size)]
        if kind == "junk":
            owners[offset + 1:offset + 1] = [-1] * (len(data) - len(owners))
        lost = set()
        if kind == "lost":
            data[offset] = 0x3F
            lost.add(offset)
        damaged = decode_like_the_sites(bytes(data), rng, vanish, lost)
        clean = fold(text)
        if damaged == clean:
            continue
        cases.append(Case(damaged, clean, f"{script}/{kind}", _recoverable(text, sizes, owners, lost)))
    return cases


CROSS_KINDS = ("utf8>gb18030", "gbk>latin1", "gbk>cp1252", "big5>gb18030", "gbk>big5", "utf8>cp1252")


def _cross(sentence: str, kind: str) -> Optional[str]:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    src, _, dst = kind.partition(">")
    codec = {"utf8": "utf-8", "latin1": "latin-1", "cp1252": "sloppy-windows-1252"}
    try:
        data = sentence.encode(codec.get(src, src))
        # GB18030 as browsers decode it: a byte it cannot decode becomes U+FFFD
        return data.decode(codec.get(dst, dst), errors="replace" if dst == "gb18030" else "strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def cross_codec_cases(n: int, seed: int = 2) -> List[Case]:
    """``n`` sentences read with the wrong codec, the kinds in turn."""
    docs = sentences()
    if not docs:
        return []
    rng = random.Random(seed)
    conv = _s2tw()
    cases: List[Case] = []
    tries = 0
    while len(cases) < n and tries < n * 20:
        tries += 1
        kind = CROSS_KINDS[len(cases) % len(CROSS_KINDS)]
        doc = rng.choice(docs)
        i = rng.randrange(0, len(doc))
        sentence = doc[i]
        if "big5" in kind:
            # Big5 cannot code every character: a clause has a better chance
            clauses = [c for c in re.split("(?<=，)", sentence) if len(c) >= 6]
            if not clauses:
                continue
            sentence = rng.choice(clauses)
        if kind.startswith("big5"):
            sentence = conv.convert(sentence)
        damaged = _cross(sentence, kind)
        if damaged is None or damaged == sentence:
            continue
        # A line read with the wrong codec between two clean lines, in its script.
        around = [conv.convert(s) if kind.startswith("big5") else s for s in (doc[i - 1], doc[(i + 1) % len(doc)])]
        cases.append(Case(f"{around[0]}\n{damaged}\n{around[1]}", f"{around[0]}\n{sentence}\n{around[1]}", kind))
    return cases


def damaged_documents(seed: int = 3, every: int = 3000, vanish: float = 0.0) -> Iterator[Tuple[str, str]]:
    """Whole documents (traditional with readings, then simplified) with an out-of-step
    damage about every ``every`` characters: (damaged, clean) pairs."""
    rng = random.Random(seed)
    conv = _s2tw()
    for d, sents in enumerate(sentences()):
        trad = d % 2 == 0
        parts = [conv.convert(s) for s in sents] if trad else list(sents)
        if trad:
            changed = sorted({c for p in parts for c in p if _han(c)} - set("".join(sents)))
            marked = set(rng.sample(changed, k=len(changed) * 2 // 5)) if changed else set()
            parts = [annotate(p, rng, marked) for p in parts]
        chars = [_gbk_chars(p) for p in parts]
        keep = [(p, c) for p, c in zip(parts, chars) if c is not None]
        data = bytearray()
        clean = []
        since = 0
        for p, cs in keep:
            start = len(data)
            data += b"".join(cs)
            clean.append(p)
            since += len(p)
            if since >= every and len(cs) > 4 and len(cs[2]) == 2 and len(cs[1]) == 2:
                data[start + sum(len(c) for c in cs[:2])] = 0x3F
                since = 0
        yield decode_like_the_sites(bytes(data), rng, vanish), fold("".join(clean))
