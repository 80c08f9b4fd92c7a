"""Encoding step (first in the pipeline): repair mojibake and GBK read out of step.

Three families of repair, one code each, and a code for what is lost for good:

``E101``
    what ftfy repairs (UTF-8 read as Latin-1, cp1252 and the like), through
    ftfy with every option that would touch Chinese text switched off (no
    width folding: ftfy's default turns ``，`` into ``,``; no quote uncurling,
    no ligature or NFC normalisation, no HTML, line-break or control-character
    changes), and only where what ftfy makes is clean text (random bytes read
    as Latin-1 are left alone);
``E102``
    Chinese read with the wrong Chinese codec (:mod:`gaptext.cross_codec`):
    UTF-8 as GBK (``涓枃``), GBK as Latin-1 (``ÖÐÎÄ``), Big5 as GBK and GBK
    as Big5;
``E103``
    GBK read one byte out of step after a lost byte (:mod:`gaptext.gbk_resync`),
    the damage of the template-site documents;
``E190``
    a finding, never a guess: ``锟斤拷``, ``�``, characters whose bytes are all
    lost, out-of-step runs whose lost bytes are uncertain.

A pre-check (one regex over characters that clean Chinese text does not have
but mojibake does, and ``?``) returns at once on clean text.  Every repair
must be clearly more probable than the text as it stands; what is not is left
alone.  Output keeps the script and the inline readings around a repair (the
script and pinyin steps come later).

Real damaged lines from ``fixtures/seed-economic-work-speech.txt``:

>>> from gaptext.pipeline import apply_changes
>>> def fix(text):
...     return apply_changes(text, [c for c in EncodingStep().find(text) if c.after is not None])[0]
>>> fix("推進農(nóng)業(yè)向規(guī)?;?、專業(yè)化方向發(fā)展")
'推進農(nóng)業(yè)向規(guī)模化、專業(yè)化方向發(fā)展'
>>> fix("旅遊城市蓄積發(fā)展?jié)摿?。")
'旅遊城市蓄積發(fā)展潛力。'
>>> fix("積極為當?shù)厝罕娞峁﹥?yōu)先就業(yè)的機會")
'積極為當地群眾提供優(yōu)先就業(yè)的機會'

Mojibake of other codecs:

>>> fix("ÖÐÎÄ£¬²âÊÔ¡£"), fix("缁忔祹鍙戝睍"), fix("ç»\\x8fæµŽå\\x8f‘å±•ï¼Œ")
('中文，测试。', '经济发展', '经济发展，')

Left alone (clean text, a real question mark, ftfy's own example):

>>> EncodingStep().find("为什么?因为乾县的经济发展了。Is it? Charlotte Brontë…”")
[]
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..codetable import ClassTable
from ..cross_codec import TRIGGER, _patterns as _cross_codec_patterns, _utf8_telltales, find_cross_codec
from ..gbk_resync import find_resyncs
from ..report import Change

__all__ = ["EncodingStep", "precheck"]

FTFY_CODE = "E101"
FTFY_MESSAGE = "mojibake repaired (ftfy)"
LOST_CODE = "E190"

# UTF-8 lead byte read as Latin-1 followed by a continuation byte read as
# Latin-1 or cp1252: where ftfy has something to do.
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc" \
                "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_FTFY_TRIGGER = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
# What a real repair leaves none of: control characters, Latin-1 symbols that are no
# punctuation of running text, and the letters of scripts noise decodes into.
_NOISE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f\u00a4-\u00a6\u00a8\u00aa\u00ac-\u00af\u00b2-\u00b6\u00b8-\u00bb"
                    "\u00be\u0250-\u036f\u0370-\u058f]")
_TEXT = re.compile("[\x20-\x7e\u00a0-\u00ff\u0100-\u024f\u2010-\u205e\u3000-\u303f\u3400-\u9fff"
                   "\uf900-\ufaff\uff00-\uffef]*")
_LINE = re.compile("[^\n]*\n|[^\n]+")
_LOST = re.compile("(?:锟斤拷)+锟?斤?|\ufffd+")
_LOST_MESSAGES = {"锟": "unrecoverable: '锟斤拷' (U+FFFD encoded as UTF-8 and read as GBK)",
                  "\ufffd": "unrecoverable: bytes replaced by U+FFFD"}


@lru_cache(maxsize=1)
def _ftfy_config():
    """The ftfy options the step runs with: every fix that would touch Chinese text off."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,  # not an encoding repair
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=False,  # never write U+FFFD for what it cannot decode
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,  # a C1 control alone is no proof of cp1252
        fix_latin_ligatures=False,
        fix_character_width=False,  # would fold ，。： to ASCII
        uncurl_quotes=False,  # would straighten “ ” ‘ ’
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,  # NFC rewrites CJK compatibility ideographs
        explain=False,
    )


@lru_cache(maxsize=1)
def _precheck_pattern() -> "re.Pattern":
    chars = "?\ufffd锟" + TRIGGER + "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2018-\u201a" \
        "\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
    return re.compile("[" + chars + re.escape(_utf8_telltales()) + "]")


@lru_cache(maxsize=1)
def _families() -> Tuple[ClassTable, Tuple[Tuple[str, int], ...]]:
    """A bit for each family's first characters, and the families with their bits.

    One pass over a text (:meth:`ClassTable.union`) tells which families can
    occur at all; the others' scans, each a full pass, are skipped.
    """
    classes = {name: pattern.pattern for name, pattern in _cross_codec_patterns().items()}
    classes["ftfy"] = _FTFY_TRIGGER.pattern
    # (not families: the second characters of ftfy's trigger and of GBK read as Latin-1)
    classes[_FTFY_NEXT] = f"[{_CONTINUATION}]"
    classes[_LATIN_TRAIL] = "[\x40-\x7e]"
    named = []
    # every BMP character, at its own offset (lone surrogates included)
    plane = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    union = np.zeros(0x10000, dtype=np.uint8)
    for k, (name, pattern) in enumerate(classes.items()):
        bit = 1 << k
        named.append((name, bit))
        codes = [m.start() for m in re.finditer(_first_class(pattern), plane)]
        union[codes] |= bit
    marked = np.flatnonzero(union)
    return ClassTable(dict(zip(marked.tolist(), union[marked].tolist()))), tuple(named)


_FTFY_NEXT = "ftfy, second character"
_LATIN_TRAIL = "ASCII trail byte"
_LATIN_FAMILY = "GBK read as Latin-1"


def _starts(classes: "np.ndarray", named: Dict[str, int], families: Tuple[str, ...]) -> Dict[str, List[int]]:
    """Where each family's matches can start, from the classes of the text's characters:
    for a family found by one character, where those are; for GBK read as Latin-1
    (two such characters, or one, an ASCII trail byte and another), where a character of
    its first class is followed so.  (``find_cross_codec`` then tries only there.)"""
    out: Dict[str, List[int]] = {}
    patterns = _cross_codec_patterns()
    for family in families:
        bit = named[family]
        marked = (classes & bit) != 0
        if family == _LATIN_FAMILY:
            trail = (classes & named[_LATIN_TRAIL]) != 0
            then = np.zeros_like(marked)
            then[:-1] = marked[1:]
            if len(marked) > 2:
                then[:-2] |= trail[1:-1] & marked[2:]
            out[family] = np.flatnonzero(marked & then).tolist()
        elif _first_class(patterns[family].pattern) == patterns[family].pattern:
            out[family] = np.flatnonzero(marked).tolist()
    return out


def _ftfy_triggers(classes: "np.ndarray", named: Dict[str, int]) -> List[int]:
    """Where ``_FTFY_TRIGGER`` matches (it is two characters, each of a class)."""
    first = (classes[:-1] & named["ftfy"]) != 0
    second = (classes[1:] & named[_FTFY_NEXT]) != 0
    return np.flatnonzero(first & second).tolist()


def _first_class(pattern: str) -> str:
    """The leading character class of ``pattern`` (every family's pattern opens with one)."""
    if not pattern.startswith("["):
        raise ValueError(f"pattern must open with a character class: {pattern!r}")
    i = 1
    while pattern[i] != "]" or pattern[i - 1] == "\\":
        i += 1
    return pattern[: i + 1]


def precheck(text: str) -> bool:
    """Whether ``text`` has any character mojibake is made of (or a ``?``): if not, the
    step has nothing to do.  One regex search over the text."""
    return _precheck_pattern().search(text) is not None


@lru_cache(maxsize=1)
def _badness_anchors() -> Optional[Tuple["re.Pattern", int, int]]:
    """A cheap filter for ftfy's mojibake test (``ftfy.badness.is_bad``, one regex of
    some forty alternatives, tried at every character: about 0.25 us a character).

    For each alternative, one of the single characters it must match at a known
    distance (between ``lo`` and ``hi``) from its start, chosen among the rarest in
    Chinese text: (class of those characters, least ``lo``, greatest ``hi``).  A
    match can only start ``lo`` to ``hi`` characters before one of them, so trying
    the regex there alone finds a match exactly when a search would.  Read from the
    regex as ftfy builds it; ``None`` (search everywhere) where its shape is not the
    simple one this reads.
    """
    try:
        from ftfy.badness import BADNESS_RE
        try:
            from re import _constants as sc, _parser as sp
        except ImportError:  # Python 3.10
            import sre_constants as sc  # type: ignore[no-redef]
            import sre_parse as sp  # type: ignore[no-redef]
        if BADNESS_RE.flags & (re.IGNORECASE | re.ASCII | re.LOCALE) or not isinstance(BADNESS_RE.pattern, str):
            return None
        tree = sp.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        items = list(tree.data)
        branches = items[0][1][1] if len(items) == 1 and items[0][0] is sc.BRANCH else [tree]
        categories = {sc.CATEGORY_SPACE: r"\s", sc.CATEGORY_NOT_SPACE: r"\S", sc.CATEGORY_DIGIT: r"\d",
                      sc.CATEGORY_NOT_DIGIT: r"\D", sc.CATEGORY_WORD: r"\w", sc.CATEGORY_NOT_WORD: r"\W"}

        def char_class(op, av) -> Optional[str]:
            """The class (as regex text) of a one-character item, or ``None``."""
            if op is sc.LITERAL:
                return re.escape(chr(av))
            if op is not sc.IN:
                return None
            parts = []
            for kind, value in av:
                if kind is sc.LITERAL:
                    parts.append(re.escape(chr(value)))
                elif kind is sc.RANGE:
                    parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
                elif kind is sc.CATEGORY and value in categories:
                    parts.append(categories[value])
                else:
                    return None  # NEGATE and the rest: not read
            return "".join(parts)

        common = "".join(map(chr, range(0x20, 0x7F))) + "\t\n，。、；：？！“”‘’（）《》—…·\u3000中国的一是āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ"
        chosen: List[str] = []
        lows: List[int] = []
        highs: List[int] = []
        for branch in branches:
            lo = hi = 0
            best = None
            for op, av in branch.data:
                cls = char_class(op, av)
                if cls is not None:
                    rank = len(re.findall(f"[{cls}]", common))
                    if best is None or rank < best[0]:
                        best = (rank, cls, lo, hi)
                    lo, hi = lo + 1, hi + 1
                elif op is sc.ANY:
                    lo, hi = lo + 1, hi + 1
                elif op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
                    continue  # zero width
                elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT) and len(av[2].data) == 1 \
                        and av[1] is not sc.MAXREPEAT and (char_class(*av[2].data[0]) is not None
                                                          or av[2].data[0][0] is sc.ANY):
                    lo, hi = lo + av[0], hi + av[1]
                else:
                    break  # what follows is at distances not read here
            if best is None:
                return None
            chosen.append(best[1])
            lows.append(best[2])
            highs.append(best[3])
        return re.compile("[" + "".join(chosen) + "]"), min(lows), max(highs)
    except Exception:  # a shape of ftfy's regex this does not read: search everywhere
        return None


def _is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``, trying the regex only where a match can start
    (see :func:`_badness_anchors`)."""
    from ftfy.badness import BADNESS_RE

    anchors = _badness_anchors()
    if anchors is None:
        return BADNESS_RE.search(text) is not None
    pattern, lo, hi = anchors
    match = BADNESS_RE.match
    nxt = 0  # positions before this are tried
    for m in pattern.finditer(text):
        r = m.start()
        for p in range(max(nxt, r - hi), r - lo + 1):
            if match(text, p) is not None:
                return True
        nxt = max(nxt, r - lo + 1)
    return False


def _ftfy_leaves(line: str) -> bool:
    """Whether ftfy, as the step runs it, surely returns ``line`` unchanged: where its
    mojibake test (``is_bad``) finds nothing, its encoding fix stops at once, and of
    the other fixes the step runs only the surrogate one (no surrogates: nothing)."""
    return not _is_bad(line) and _SURROGATE.search(line) is None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _ftfy_changes(text: str, triggers: Optional[List[int]] = None) -> List[Change]:
    """ftfy's repairs of the lines that look like UTF-8 read as a single-byte codec
    (those where ``_FTFY_TRIGGER`` matches; ``triggers``, when given: where it does)."""
    import ftfy
    from ftfy import badness

    config = _ftfy_config()
    out: List[Change] = []
    pos = 0
    k = 0
    for line in _LINE.findall(text):  # '\n' only: str.splitlines also splits at \x1c-\x1e, \x85
        if triggers is None:
            triggered = _FTFY_TRIGGER.search(line) is not None
        else:  # (a match lies within a line: neither of its classes holds '\n')
            while k < len(triggers) and triggers[k] < pos:
                k += 1
            triggered = k < len(triggers) and triggers[k] < pos + len(line)
        if triggered and not _ftfy_leaves(line):
            fixed = ftfy.fix_text(line, config=config)
            # Certain only when what ftfy made has no mojibake left by its own measure
            # (random bytes read as Latin-1 are "fixed" into other noise).
            if fixed != line and not badness.is_bad(fixed) and not _NOISE.search(fixed):
                matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
                parts = [(a0, a1, fixed[b0:b1]) for op, a0, a1, b0, b1 in matcher.get_opcodes() if op != "equal"]
                made = "".join(after for _, _, after in parts)
                hans = sum(1 for ch in made if "\u3400" <= ch <= "\u9fff")
                # what it made must be text (Latin or Chinese), and Chinese of more
                # than one character (three random bytes make a Han character now and then)
                if _TEXT.fullmatch(made) and hans != 1:
                    out.extend(Change(pos + a0, pos + a1, after, FTFY_CODE, FTFY_MESSAGE)
                               for a0, a1, after in parts)
        pos += len(line)
    return out


def _lost_findings(text: str) -> List[Change]:
    return [Change(m.start(), m.end(), None, LOST_CODE, _LOST_MESSAGES[m.group()[0]])
            for m in _LOST.finditer(text)]


class EncodingStep:
    """Repairs encoding damage; reports what cannot be repaired (see the module docstring)."""

    name = "encoding"

    def find(self, text: str) -> List[Change]:
        if not isinstance(text, str) or not precheck(text):
            return []
        # Earlier families win overlaps: Chinese codecs, then ftfy (which would read
        # GBK-as-Latin-1 mojibake as broken UTF-8), then the out-of-step runs.
        table, named = _families()
        # The class of each character: which families can occur at all, and where
        # their matches can start (one pass for all, instead of a regex scan each).
        classes = table.classes(text)
        present = int(np.bitwise_or.reduce(classes))
        bits = dict(named)
        cross = _cross_codec_patterns()
        families = tuple(name for name, bit in named if present & bit and name in cross)
        found: List[Change] = [Change(*c) for c in find_cross_codec(text, families, _starts(classes, bits, families))] \
            if families else []
        if present & bits["ftfy"]:
            triggers = _ftfy_triggers(classes, bits)
            if triggers:
                found.extend(_ftfy_changes(text, triggers))
        if "?" in text:
            found.extend(Change(*c) for c in find_resyncs(text))
        if "\ufffd" in text or "锟" in text:
            found.extend(_lost_findings(text))
        return _disjoint(found)


def _disjoint(changes: List[Change]) -> List[Change]:
    """Sorted, without overlaps: of two overlapping changes the earlier-found one stays."""
    ranked = sorted(range(len(changes)), key=lambda i: (changes[i].start, changes[i].end, i))
    kept: List[Change] = []
    rank: List[int] = []
    for i in ranked:
        c = changes[i]
        if kept and c.start < kept[-1].end and not (c.start == c.end == kept[-1].end):
            if i < rank[-1]:  # found earlier: it wins over the one it overlaps
                kept[-1], rank[-1] = c, i
            continue
        kept.append(c)
        rank.append(i)
    return kept
