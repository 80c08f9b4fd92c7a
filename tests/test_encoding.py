"""The encoding step: real damaged segments, cross-codec mojibake, what it must not touch."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gaptext
from gaptext.cross_codec import find_cross_codec
from gaptext.gbk import FOLDED, tables
from gaptext.gbk_resync import find_resyncs
from gaptext.language_model import model
from gaptext.pipeline import apply_changes
from gaptext.steps import check_changes
from gaptext.steps.encoding import EncodingStep, _ftfy_config, precheck

STEP = EncodingStep()


def repaired(text: str) -> str:
    changes = STEP.find(text)
    check_changes(text, changes)
    return apply_changes(text, [c for c in changes if c.after is not None])[0]


def codes(text: str) -> list:
    return [(c.code, text[c.start:c.end], c.after) for c in STEP.find(text)]


# -- the real segments (issue 3), traditional with inline readings ---------------

REAL = [
    ("規(guī)?;?、", "規(guī)模化、"),
    ("發(fā)展?jié)摿?。", "發(fā)展潛力。"),
    ("積極為當?shù)厝罕娞峁﹥?yōu)先", "積極為當地群眾提供優(yōu)先"),
    ("鞏固?;浉郯拇鬄硡^(qū)", "鞏固。粵港澳大灣區(qū)"),
    ("進程??h委", "進程。縣委"),
    ("任務(wù)?,F(xiàn)在", "任務(wù)。現(xiàn)在"),
    # the reading after 動 is kept for the pinyin step, which runs next
    ("實打?qū)嵉墓ぷ魍苿?dòng)", "實打實的工作推動(dòng)"),
]


@pytest.mark.parametrize("damaged, clean", REAL)
def test_real_segments_repaired_exactly(damaged, clean):
    assert repaired(damaged) == clean
    assert {c.code for c in STEP.find(damaged)} == {"E103"}


def test_real_segment_with_two_equally_likely_readings_is_reported_not_guessed():
    # 確保“三農” -- a user-defined pair vanished (fd de): [c8 ?][? 72] fits 三農 and
    # 三鮮, and the word model prefers 三鮮 (jieba: 三鲜 265, 三农 86) by less than
    # the certainty margin: reported as uncertain, the text left as it is.
    damaged = "確?!叭r”"
    assert repaired(damaged) == damaged
    assert [c[0] for c in codes(damaged)] == ["E190"]


@pytest.mark.parametrize("damaged, clean", [
    ("實打?qū)嵉墓ぷ魍苿?dòng)", "實打實的工作推動"),
    ("積極為當?shù)厝罕娞峁﹥?yōu)先", "積極為當地群眾提供優先"),
    ("規(guī)?;?、專業(yè)化", "規模化、專業化"),
])
def test_real_segments_through_the_pipeline(damaged, clean):
    assert gaptext.repair(damaged, convert=None, punctuation=False, gaps=False).text == clean


def test_fixture_in_the_full_pipeline(fixture_text):
    report = gaptext.repair(fixture_text)
    encoding = [(e.code, e.before, e.after) for e in report.edits if e.step == "encoding"]
    assert encoding == [
        ("E103", "?;?", "模化"),
        ("E103", "?jié)摿?", "潛力"),
        ("E103", "?shù)厝罕娞峁﹥?", "地群眾提供優("),
    ]
    for clean in ("规模化", "发展潜力", "当地群众提供优先"):
        assert clean in report.text
    assert "?" not in report.text
    kept = gaptext.repair(fixture_text, convert=None, pinyin=False, punctuation=False, gaps=False).text
    for clean in ("規(guī)模化、", "發(fā)展潛力。", "當地群眾提供優(yōu)先"):
        assert clean in kept
    # every edit's source span holds what it replaced
    for e in report.edits:
        if e.step == "encoding":
            assert fixture_text[e.source_start:e.source_end] == e.before


# -- the byte mechanics ---------------------------------------------------------

def test_gbk_tables_and_folding():
    t = tables()
    assert t.pair["模"] == (0xC4, 0xA3) and t.char[0xC4A3] == "模"
    assert t.char[0xA3BB] == "；" and FOLDED[";"] == 0xBB
    assert t.char[0xA3BF] == "？" and FOLDED["?"] == 0xBF
    assert (0xAF << 8 | 0xA1) not in t.char  # user-defined: the decoder cannot read it


def test_out_of_step_reading_reproduced_with_pythons_codec():
    # 規模化、 in GBK, its first lead byte lost: the decoder pairs a3 bb (；) and
    # cannot read af a1 -- exactly what the fixture shows after folding.
    data = "模化、".encode("gbk")[1:]
    assert data[:2].decode("gbk") == "；"
    with pytest.raises(UnicodeDecodeError):
        data[2:4].decode("gbk")
    assert data[3:].decode("gbk") == "、"


def test_language_model_prefers_the_real_words():
    lm = model()
    assert lm.logp("當", "地") > lm.logp("當", "厝") + 5
    assert lm.segment_score("規模化") > lm.segment_score("規厝化")
    assert lm.segment_score("発展") < lm.segment_score("發展")  # unknown characters cost


def test_a_reading_left_after_a_wholly_lost_character_recovers_it():
    assert repaired("開工周至至乾縣(xiàn),力爭建成通??chē)。") == "開工周至至乾縣(xiàn),力爭建成通車(chē)。"


def test_a_wholly_lost_character_is_reported_not_guessed():
    text = "加強保障性住房建設和籌集,健??住房租賃市場制度"
    assert repaired(text) == text
    assert codes(text) == [("E190", "??", None)]


def test_a_swallowed_ascii_byte_is_reported():
    # 长's trail byte swallowed the '2' of 25%: the run is repaired, the loss reported
    text = "全省生产总?翟龀?5%左右"
    found = codes(text)
    assert ("E103", "?翟龀?", "值增长") in found
    assert any(code == "E190" and after is None for code, _, after in found)


def test_findings_for_unrecoverable_bytes():
    for text in ("经济锟斤拷发展", "经济\ufffd\ufffd发展"):
        found = STEP.find(text)
        assert found and all(c.after is None and c.code == "E190" for c in found)
        assert repaired(text) == text


# -- cross-codec ----------------------------------------------------------------

def test_cross_codec_examples():
    assert repaired("ÖÐÎÄ£¬²âÊÔ¡£") == "中文，测试。"
    assert repaired("缁忔祹鍙戝睍") == "经济发展"
    assert repaired("笢恅恅掛ㄛ聆彸﹝") == "中文文本，测试。"
    big5 = "繁體中文測試，這是。".encode("big5").decode("gb18030")
    assert repaired(big5) == "繁體中文測試，這是。"
    assert [c.code for c in STEP.find("ÖÐÎÄ£¬²âÊÔ¡£")] == ["E102"]


def test_ftfy_family_keeps_chinese_punctuation():
    broken = "中文，测试。“引号”".encode("utf-8").decode("latin-1")
    assert repaired(broken) == "中文，测试。“引号”"
    assert [c.code for c in STEP.find(broken)][0] == "E101"
    config = _ftfy_config()
    for option in ("fix_character_width", "uncurl_quotes", "fix_latin_ligatures", "unescape_html",
                   "fix_line_breaks", "remove_control_chars", "replace_lossy_sequences"):
        assert getattr(config, option) is False, option
    assert config.normalization is None


def _sentences():
    """Fluent enough text: frequent words of the model's list, with marks."""
    lm = model()
    words = sorted((w for w in lm.words if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)),
                   key=lambda w: -lm.words[w])[:3000]
    word = st.sampled_from(words)
    return st.tuples(st.lists(word, min_size=3, max_size=6), st.lists(word, min_size=2, max_size=6)).map(
        lambda ab: "".join(ab[0]) + "，" + "".join(ab[1]) + "。")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sentences(), st.sampled_from(["latin-1", "sloppy-windows-1252", "big5", "utf8-as-gb18030"]))
def test_cross_codec_damage_then_repair_round_trip(sentence, codec):
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    if codec == "utf8-as-gb18030":
        damaged = sentence.encode("utf-8").decode("gb18030", errors="replace")
    else:
        try:
            damaged = sentence.encode("gbk").decode(codec)
        except UnicodeDecodeError:
            return  # Big5 cannot read every GBK byte pair: no such mojibake
    out = repaired(damaged)
    if "\ufffd" not in damaged:
        assert out == sentence
    else:
        # a byte lost inside a character is restored by the model when it is clear
        # enough (一 e4 b8 80 and 不 e4 b8 8d differ in the lost byte alone): only the
        # characters whose bytes were lost may come out otherwise, nothing else
        assert out == damaged or (len(out) == len(sentence) and
                                  sum(a != b for a, b in zip(out, sentence)) <= damaged.count("\ufffd"))


# -- what it must not touch -------------------------------------------------------

LEAVE_ALONE = [
    "日本語のテキストです。東京都の天気は晴れです。",
    "한국어 텍스트입니다. 서울은 대한민국의 수도입니다.",
    "表情 😀🎉 emoji, 👍",
    "为什么?因为乾县的经济发展了。Is it? Yes?",
    "他说:“真的吗??”我说:“是的!”",
    "café, naïve, Charlotte Brontë…”, Ärger, façade",
    "Ελληνικά και Русский текст",
    "2024年GDP增长5.2%，CPI上涨0.2%。https://example.org/a?b=c&d=e",
    "發(fā)展經(jīng)濟,改善民生?",
    "def f(x):\n    return x ? y : z  # (((( [[[[",
]


@pytest.mark.parametrize("text", LEAVE_ALONE)
def test_must_not_touch(text):
    assert repaired(text) == text
    assert not [c for c in STEP.find(text) if c.code != "E190"]


def test_random_bytes_read_as_latin1_are_left_alone():
    rng = random.Random(20240601)
    touched = 0
    for _ in range(2000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 100)))
        text = data.decode("latin-1")
        found = [c for c in STEP.find(text) if c.after is not None]
        # never a Chinese repair of noise; ftfy's own two-character classics (Ã© -> é)
        # are all it may take for UTF-8
        assert all(c.code == "E101" for c in found), (text, found)
        touched += bool(found)
    assert touched <= 20


def test_clean_corpora_unchanged(corpora):
    for text in corpora:
        assert [c for c in STEP.find(text) if c.after is not None] == []


def test_precheck():
    assert not precheck("经济发展，改善民生。Plain ASCII text.")
    for text in ("为什么?", "ÖÐ", "涓枃", "いゅ", "ㄛ", "锟斤拷", "\ufffd"):
        assert precheck(text), text


# -- bounded work -------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["?;?", "當?shù)厝罕娞峁﹥?", "經濟??發展", "ÖÐÎÄ£¬Ã©â€", "(((("])
def test_adversarial_input_is_linear(unit):
    text = unit * (300_000 // len(unit.encode("utf-8")))
    start = time.process_time()
    STEP.find(text)
    assert time.process_time() - start < 3.0


def test_budget_bounds_the_out_of_step_work():
    text = "當?shù)厝罕娞峁﹥?" * 200
    assert find_resyncs(text, budget=0) == []
    assert find_resyncs(text)  # with its budget it repairs some


def test_bad_input_types():
    assert STEP.find("") == []
    assert STEP.find(None) == []  # type: ignore[arg-type]
    assert find_cross_codec("") == []


# -- the pre-pass that skips the families a text cannot hold ---------------------------

_MOJIBAKE_ALPHABET = st.sampled_from(
    list("涓枃锟斤拷ÖÐÎÄÃ©â€œ”“？?;,。發展经济ぁΑЁㄅˇ︰‧€‚ƒ\ue000\ufffd 1a\n")
    + ["妤傛牕鍨", "Ã©tÃ©", "當?s", "規(guī)?;?、"]
)


def _every_family(text: str) -> list:
    """EncodingStep.find as it was before the pre-pass: every family scanned."""
    from gaptext.steps import encoding as E

    if not E.precheck(text):
        return []
    found = [E.Change(*c) for c in E.find_cross_codec(text)]
    if E._FTFY_TRIGGER.search(text):
        found.extend(E._ftfy_changes(text))
    if "?" in text:
        found.extend(E.Change(*c) for c in E.find_resyncs(text))
    if "\ufffd" in text or "锟" in text:
        found.extend(E._lost_findings(text))
    return E._disjoint(found)


@given(st.lists(_MOJIBAKE_ALPHABET, max_size=40).map("".join))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_skipping_absent_families_changes_nothing(text):
    assert EncodingStep().find(text) == _every_family(text)
