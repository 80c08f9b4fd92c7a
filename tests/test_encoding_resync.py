"""Out-of-step repair: the evidence the quick reading uses, built from sentences damaged
here byte by byte (a lead byte lost, the rest decoded as the template sites did)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptext.gbk_resync import find_resyncs
from gaptext.language_model import ALNUM, model

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def lose_lead(sentence: str, char: str) -> str:
    """``sentence`` in GBK with the lead byte of ``char`` (its first occurrence) lost,
    decoded with '?' for what cannot be read, fullwidth marks folded to ASCII."""
    k = sentence.index(char)
    data = bytearray(sentence[:k].encode("gbk"))
    offset = len(data)
    data += sentence[k:].encode("gbk")
    data[offset] = 0x3F
    return bytes(data).decode("gbk", errors="replace").replace("\ufffd", "?").translate(_FULLWIDTH)


def repaired(text: str) -> str:
    out, pos = [], 0
    for r in find_resyncs(text):
        if r.after is not None:
            out.append(text[pos:r.start] + r.after)
            pos = r.end
    return "".join(out) + text[pos:]


def test_lose_lead_makes_the_damage_of_the_fixture():
    assert lose_lead("規模化、", "模") == "規?;?、"


def test_two_unknown_characters_side_by_side_are_enumerated_together():
    # [? c9][be ?]: 干警 is a word of the model; neither unknown ranks high alone,
    # so the pair must be enumerated jointly to be seen at all.  郎君 fits the same
    # bytes and is the commoner word: the step must not guess between them.
    from gaptext.gbk_resync import _joint_pairs

    damaged = lose_lead("全体公安干警和武警官兵坚守岗位。", "干")
    assert "?删?" in damaged
    pairs = _joint_pairs(0xC9, 0xBE, 0xBA, "s")
    assert ("干", "警") in pairs and ("郎", "君") in pairs
    assert [(r.after, r.code) for r in find_resyncs(damaged)] == [(None, "E190")]


def test_fullwidth_digits_read_out_of_step_are_repaired():
    clean = "截至１９９７年底，全市共有企业三千家。"
    damaged = lose_lead(clean, "至")
    assert "?" in damaged and "1997" not in damaged
    assert repaired(damaged).translate(_FULLWIDTH) == clean.translate(_FULLWIDTH)


def test_digit_runs_are_one_token_to_the_model():
    lm = model()
    assert {"１", "Ａ"} <= ALNUM
    # a digit is cheap between Chinese words, a lone letter is not; digits go on
    assert lm.segment_score("全年１件") > lm.segment_score("全年Ｂ件")
    assert lm.logp("１", "９") > lm.logp("１", "Ｂ")
    assert lm.segment_score("全年１９９７件") > lm.segment_score("全年１Ｂ９７件")
    # a number is followed by its unit (jieba's measure words and numerals: 年 月 个 万 ...)
    assert lm.segment_score("他在８月來信") > lm.segment_score("他在指月來信")
    assert lm.logp("８", "月") > lm.logp("８", "指") + 3


@pytest.mark.parametrize("text", [
    "你知道吗?陳(chén)妍沒有來,咄咄怪事?龔(gōng)德俊來了。",  # a character with its own reading is in step
    "这是为什么?我们不知道,他们也不知道。",
])
def test_real_question_marks_before_ordinary_text_are_left_alone(text):
    assert [r for r in find_resyncs(text) if r.after is not None] == []


def test_a_lone_letter_inside_a_repair_is_not_made():
    # whatever the reading, a repair never puts a lone Latin letter between Han characters
    for clean, char in [("我们的也有长期性的，有特殊困难也有一般困难。", "的"),
                        ("他说这是政府的事，却不符合人民群众的利益。", "的")]:
        damaged = lose_lead(clean, char)
        for r in find_resyncs(damaged):
            if r.after:
                letters = [i for i, c in enumerate(r.after) if "Ａ" <= c <= "ｚ"]
                assert not letters, (damaged, r)


# -- what keeps the step fast -------------------------------------------------------

def test_a_folded_mark_after_the_closing_question_mark_constrains_the_lost_trail():
    # 可怜 before ',' (a folded '，', lead byte A3): 怜's trail AF cannot pair with A3,
    # 了's trail CB could (CBA3 is a character), so 了 is no candidate
    from gaptext.gbk import tables
    from gaptext.gbk_resync import _trail_ok

    ok = _trail_ok(0xA3)
    assert ok[tables().pair["怜"][1]] and not ok[tables().pair["了"][1]]
    damaged = lose_lead("他们的收入少得可怜，人均只有六百元。", "可")
    found = find_resyncs(damaged)
    assert all(r.after is None or "了" not in r.after for r in found)


def test_a_real_question_mark_before_a_character_with_its_reading_costs_nothing():
    from gaptext.gbk_resync import _Budget, _Site, model

    text = "這是為什麼呢?陳(chén)妍說(shuō)沒有人知道。"
    site = _Site(text, text.index("?"), model(), _Budget(10 ** 6), full=False)
    assert site.repair() == []


def test_traditional_text_gives_the_utf8_family_nothing_to_try():
    # 於 (GBK EC B6) looks like a UTF-8 lead byte, but EC leads Hangul, not Chinese
    from gaptext.cross_codec import _patterns, _spans, _utf8_telltales

    assert "於" not in _utf8_telltales() and "涓" in _utf8_telltales()
    family = "utf-8 read as GBK"
    assert list(_spans("對於經濟工作,勇於創新,位於北京。", family, _patterns()[family])) == []


def test_one_long_line_of_mojibake_is_linear():
    import time

    from gaptext.steps.encoding import EncodingStep

    step = EncodingStep()
    unit = "涓枃锟斤拷ÖÐÎÄ?;?"
    step.find(unit)
    times = []
    for k in (20_000, 80_000):
        start = time.process_time()
        step.find(unit * k)
        times.append(time.process_time() - start)
    # four times the text: about four times the time (quadratic would be sixteen)
    assert times[1] < 9 * times[0] + 0.5


# -- a real question mark is never repaired ---------------------------------------

@lru_cache(maxsize=1)
def _words():
    lm = model()
    return sorted((w for w in lm.words if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)),
                  key=lambda w: -lm.words[w])[:3000]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_real_question_marks_in_fluent_text_are_never_changed(data):
    words = _words()
    word = st.sampled_from(words)
    a = "".join(data.draw(st.lists(word, min_size=2, max_size=6)))
    b = "".join(data.draw(st.lists(word, min_size=2, max_size=6)))
    sep = data.draw(st.sampled_from(["?", "??", "?,", "? ", "?\n"]))
    text = a + "吗" + sep + b + "。"
    assert [r for r in find_resyncs(text) if r.after is not None] == []


def test_gbk_read_as_latin1_keeps_a_byte_that_latin1_calls_white_space():
    # 卻 is GBK 85 73: read as Latin-1, U+0085 (NEL, white space to str.isspace)
    from gaptext.cross_codec import find_cross_codec

    sentence = "卻是一個一個，一個一個。"
    damaged = sentence.encode("gbk").decode("latin-1")
    assert damaged[0] == "\x85"
    assert [(c.start, c.after) for c in find_cross_codec(damaged)] == [(0, sentence)]


@pytest.mark.parametrize("text", ["发展了??\n下一段", "发展了?? 下", "发展了??#", "，??\n", "发展??", "。??x"])
def test_question_marks_before_other_characters_do_not_crash(text):
    assert all(r.after is None for r in find_resyncs(text))


_ALPHABET = list("的一是在不了有和人这中大为上个國發展經濟規模化當地群眾提供優先") + \
    list("?;,.!:()\n #%-/xyz0123456789") + list("，。、；：“”（）！？…—") + \
    list("?;?、?jié)摿?當?shù)厝罕娞峁﹥?ÖÐÎÄ£¬²涓枃锟斤拷\ufffdいゅㄛ")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_any_mix_of_han_marks_and_question_marks_never_crashes(text):
    from gaptext.steps import check_changes
    from gaptext.steps.encoding import EncodingStep

    changes = EncodingStep().find(text)
    check_changes(text, changes)  # sorted, disjoint, in bounds
