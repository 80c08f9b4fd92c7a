"""The pinyin step and the readings table it checks against."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gaptext
from gaptext.pipeline import apply_changes
from gaptext.readings import is_reading, parse_reading, readings
from gaptext.steps import check_changes
from gaptext.steps.pinyin import CODE, PinyinStep

ROOT = Path(__file__).resolve().parent.parent
STEP = PinyinStep()
HAN = re.compile("[\u3007\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# A parenthesised latin group: what a reading looks like, whatever precedes it.
LATIN_GROUP = re.compile(r"[(（][ \u3000]?[A-Za-z\u00c0-\u024f\u0300-\u030c\u1e00-\u1eff][^()（）]{0,9}[)）]")


def fix(text: str) -> str:
    changes = STEP.find(text)
    check_changes(text, changes)
    return apply_changes(text, changes)[0]


# --- the readings table -------------------------------------------------------------------


def test_table_covers_traditional_and_simplified():
    for trad, simp, reading in [("發", "发", "fa1"), ("經", "经", "jing1"), ("區", "区", "qu1"),
                                ("網", "网", "wang3"), ("嚴", "严", "yan2"), ("業", "业", "ye4"),
                                ("產", "产", "chan3"), ("現", "现", "xian4"), ("環", "环", "huan2"),
                                ("統", "统", "tong3"), ("綠", "绿", "lv4")]:
        assert reading in readings(trad), trad
        assert reading in readings(simp), simp


def test_table_covers_extension_blocks():
    assert readings("㐀")  # extension A
    assert readings("\U00020000")  # extension B
    assert not readings("a") and not readings("") and not readings("發展")


def test_neutral_tone_from_pypinyin():
    assert "de5" in readings("的")
    assert "xi5" in readings("西")  # only phrases_dict lists it
    assert is_reading("的", "de0") and is_reading("的", "de5") and is_reading("西", "xi5")
    assert not is_reading("發", "fa5")


@pytest.mark.parametrize("char,text", [
    ("發", "fā"), ("發", "fa"), ("發", "fa1"), ("發", "Fā"), ("發", " fā "), ("發", "bō"),
    ("綠", "lǜ"), ("綠", "lü"), ("綠", "lv4"), ("綠", "lu:4"), ("綠", "lu\u0308\u0300"),
    ("略", "lüè"), ("略", "lve4"), ("據", "jù"), ("據", "jü4"), ("女", "nv3"),
    ("區", "qū"), ("區", "ou1"), ("的", "de"), ("嗯", "ńg"), ("欸", "ế"),
    ("發", "fa\u0304"),  # decomposed tone mark
])
def test_is_reading(char, text):
    assert is_reading(char, text)


@pytest.mark.parametrize("char,text", [
    ("發", "fǎ"), ("發", "fa3"), ("發", "fa6"), ("發", "fā1"), ("發", "FA"), ("發", "fA"),
    ("國", "China"), ("安", "AN"), ("他", "he"), ("如", "a"), ("發", ""), ("發", "   "),
    ("發", "f a"), ("發", "fa:"), ("發", "1fa"), ("發", "fa" * 10), ("a", "a"), ("", "fa"),
    ("發", None), (None, "fa"), ("發", "\u0304fa"), ("發", "fā\u0301"),
])
def test_not_reading(char, text):
    assert not is_reading(char, text)


def test_parse_reading():
    assert parse_reading("zhuàng") == ("zhuang", "4")
    assert parse_reading("Lǚ") == ("lv", "3")
    assert parse_reading("ok") == ("ok", None)  # spelled like pinyin: only the table says no
    assert parse_reading("DeSign") is None


def test_table_is_up_to_date_and_deterministic(tmp_path):
    pytest.importorskip("pypinyin", reason="building the table needs pypinyin (the build extra)")
    out = tmp_path / "readings.tsv"
    for _ in range(2):
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_readings.py"), "--output", str(out)],
                       check=True, capture_output=True)
        built = out.read_bytes()
        assert built == (ROOT / "src" / "gaptext" / "data" / "readings.tsv").read_bytes()
    header = built.decode("utf-8").splitlines()[:4]
    assert any("pypinyin 0.55.0" in line and "MIT" in line for line in header)
    assert len(built) < 1_000_000


# --- the step -------------------------------------------------------------------------------


@pytest.mark.parametrize("damaged,repaired", [
    ("發(fā)展", "發展"),
    ("經(jīng)濟", "經濟"),
    ("區(qū)", "區"),
    ("網(wǎng)友", "網友"),
    ("發(fa)(fa)展", "發展"),
    ("發(fa)(fā)(fa1)展", "發展"),
    ("發（fā）展", "發展"),
    ("發(fā）展", "發展"),
    ("發（fa)展", "發展"),
    ("發( fā )展", "發展"),
    ("綠(lǜ)色", "綠色"), ("綠(lv4)色", "綠色"), ("綠(lu:4)色", "綠色"),
    ("发(fa1)展", "发展"),
    ("嚴(yán)格", "嚴格"), ("業(yè)務", "業務"), ("產(chǎn)品", "產品"),
    ("現(xiàn)在", "現在"), ("環(huán)境", "環境"), ("統(tǒng)一", "統一"),
    ("安(an)全", "安全"), ("們(men)", "們"), ("和(he)", "和"), ("嗎(ma)", "嗎"), ("的(de)", "的"),
    ("發(fa)(一)", "發(一)"),
    ("發(fa)(xx)(fa)", "發(xx)(fa)"),
    ("業(yè)()示範", "業()示範"),
])
def test_repairs(damaged, repaired):
    assert fix(damaged) == repaired


def test_one_change_per_run():
    changes = STEP.find("發(fa)(fā)展經(jīng)濟")
    assert [(c.start, c.end, c.after, c.code) for c in changes] == [(1, 9, "", CODE), (11, 17, "", CODE)]
    assert all(c.message == "inline pinyin reading removed" for c in changes)


@pytest.mark.parametrize("text", [
    "(一)大力弘揚", "(初)", "參考稿(參考稿)", "(2008年2月8日)", "規模(擴大)", "例如(a)", "(a)",
    "模块(Python)", "發(fǎ)", "經(fa)", "好(ok)", "中国(China)", "中國(China)", "他(he)說",
    "人(an)", "我(men)", "是(ma)", "在(de)", "發 (fā)", "發展(fāzhǎn)", "PM(fa)", "(fa)",
    "細顆粒物（PM2.5）", "協定（RCEP）", "安(AN)", "發(FA)", "發(fa", "發fa)", "發((fa))",
    "發()", "發(fā 1)", "fā(fā)", "", "no parentheses at all", "發展經濟",
])
def test_leaves_alone(text):
    assert STEP.find(text) == []


def test_bad_input_passes_through():
    assert STEP.find("\ud800(fa)") == []  # lone surrogate before a paren
    assert STEP.find("發(\x00)") == []


def test_pipeline():
    report = gaptext.repair("發(fā)展經(jīng)濟", mojibake=False, punctuation=False, gaps=False)
    assert report.text == "发展经济"
    pinyin_edits = [e for e in report.edits if e.step == "pinyin"]
    assert [(e.source_start, e.source_end, e.before) for e in pinyin_edits] == [(1, 5, "(fā)"), (7, 13, "(jīng)")]


# --- the fixture ----------------------------------------------------------------------------


def test_fixture_readings_all_removed(fixture_text):
    changes = STEP.find(fixture_text)
    check_changes(fixture_text, changes)
    removed = [fixture_text[c.start:c.end] for c in changes]
    assert len(removed) > 500
    assert all(LATIN_GROUP.fullmatch(r) for r in removed)
    out = apply_changes(fixture_text, changes)[0]
    left = [m.group() for m in LATIN_GROUP.finditer(out) if m.start() and HAN.match(out[m.start() - 1])]
    assert left == []
    # Only the characters around a removal move: Han text and every other mark is kept.
    assert re.sub(LATIN_GROUP, "", fixture_text) == re.sub(LATIN_GROUP, "", out)
    # Non-readings stay: enumerations and the redaction gap ().
    for kept in ("(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "業()"):
        assert kept in out


def test_fixture_through_pipeline(fixture_text):
    report = gaptext.repair(fixture_text, mojibake=False, punctuation=False, convert=None, gaps=False)
    assert report.text == apply_changes(fixture_text, STEP.find(fixture_text))[0]
    assert {e.code for e in report.edits} == {CODE}
    assert "發展" in report.text and "(fā)" not in report.text


# --- property: annotate clean text, get it back -----------------------------------------------


def _fixture_chars() -> list:
    text = (ROOT / "fixtures" / "seed-economic-work-speech.txt").read_text(encoding="utf-8")
    han = set(HAN.findall(text))
    han |= set(HAN.findall(gaptext.convert("".join(sorted(han)), "t2s")))
    return sorted(c for c in han if readings(c))


CHARS = _fixture_chars()
OTHER = list("，。、：；“”《》！？ 0123456789")
_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def _spellings(toned: str) -> list:
    """A pypinyin reading written the ways template sites write it."""
    nfd = unicodedata.normalize("NFD", toned)
    tone = next((_MARKS[c] for c in nfd if c in _MARKS), "")
    bare = "".join(c for c in nfd if c not in _MARKS)
    out = [toned, unicodedata.normalize("NFC", bare), toned.capitalize()]
    for u in ("ü", "v", "u:"):
        plain = unicodedata.normalize("NFC", bare).replace("ü", u)
        out.append(plain)
        out.append(plain + (tone or "5"))
    return out


def _pypinyin_readings(char: str) -> list:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict[ord(char)].split(",") if ord(char) in pinyin_dict else []


@st.composite
def annotated(draw):
    chars = draw(st.lists(st.sampled_from(CHARS + OTHER), min_size=1, max_size=40))
    clean = "".join(chars)
    pieces = []
    for c in chars:
        pieces.append(c)
        options = _pypinyin_readings(c) if c in CHARS else []
        if options and draw(st.integers(0, 2)) == 0:
            for _ in range(draw(st.integers(1, 3))):  # single, doubled, tripled
                reading = draw(st.sampled_from(_spellings(draw(st.sampled_from(options)))))
                pieces.append(draw(st.sampled_from("(（")) + reading + draw(st.sampled_from(")）")))
    return clean, "".join(pieces)


@pytest.mark.skipif(importlib.util.find_spec("pypinyin") is None,
                    reason="the property draws its readings from pypinyin (the build extra)")
@settings(max_examples=300, deadline=None)
@given(annotated())
def test_annotated_text_comes_back(pair):
    clean, damaged = pair
    assert fix(damaged) == clean
    assert STEP.find(clean) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS[:50] + list("()（）ab fāv:1ü")), max_size=60))
def test_only_bracket_groups_are_removed(text):
    changes = STEP.find(text)
    check_changes(text, changes)
    for c in changes:
        assert c.after == "" and text[c.start] in "(（" and text[c.end - 1] in ")）"
        assert HAN.match(text[c.start - 1])
    # Idempotent: a character is followed, after its run, by nothing that reads it.
    assert STEP.find(apply_changes(text, changes)[0]) == []


# --- adversarial input and clean text ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "(" * 100_000,
    "（" * 100_000,
    "(a" * 500_000,
    "發(a" * 300_000,
    "發(fa" * 200_000,
    "發(" + "a" * 1_000_000,
    "(a)" * 250_000,
    "發(zz)" * 200_000,
    ("發(fa)" * 10 + "(") * 5_000,  # 50,000 real removals
])
def test_adversarial_input_is_fast(text):
    t = time.process_time()  # CPU time: a busy machine does not make it fail
    STEP.find(text)
    assert time.process_time() - t < 1.0  # about 0.1 s here


def test_clean_corpora_untouched(corpora):
    for text in corpora:
        for line in text.splitlines():
            assert STEP.find(line) == [], line
