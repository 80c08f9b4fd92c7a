"""Ordinal gaps (G3xx): what must be flagged, what must not, and what is suggested."""

import pytest
from gapcases import spans_of, unmark

from gaptext.gaps import ordinal

FLAG = [
    ("一是思想解放。二是发展提速。⟦⟧是新农村建设初显新面貌。四是产业发展。五是招商引资。", "G301", "三"),
    ("一是加快推进城市化进程。二是加快工业园区建设。⟦⟧是加快交通、水利和信息化建设。", "G301", "三"),
    ("⟦⟧是加强领导。二是完善机制。三是狠抓落实。", "G301", "一"),
    ("一是甲。⟦⟧是乙。⟦⟧是丙。四是丁。", "G301", None),  # 二 and 三: checked below
    ("（二）全面提高招商引资水平。\n(⟦⟧)以创建村居为载体。\n（四）以实施为重点。", "G302", "三"),
    ("(1)加强领导\n(2)完善机制\n(⟦⟧)狠抓落实", "G302", "3"),
    ("四是二、⟦⟧产业发展实现新突破", "G303", "三"),
    ("有力推动了我区第⟦⟧产业向规模化方向发展", "G304", "三"),
    ("中国共产党第⟦⟧次全国代表大会", "G304", None),
    ("第⟦⟧，继续推进农村税费改革。", "G304", None),
    ("加强与“泛珠⟦⟧角”、“长⟦⟧角”等发达地区的联系", "G306", "三"),
    ("坚持以邓小平理论和“⟦⟧个代表”重要思想为指导", "G306", "三"),
    ("切实做好“⟦⟧农”工作，加大对“⟦⟧农”的投入", "G306", "三"),
    ("珠江⟦⟧角洲地区和长江⟦⟧角洲地区", "G306", "三"),
    ("深入学习党的十九届⟦⟧中全会精神", "G305", None),
    ("党的十九大和十九届二中、⟦⟧中全会精神", "G305", None),
]

NOT = [
    "一是加强领导。二是是否落实到位要检查。三是狠抓落实。",
    "一是一，二是二，是自年以来最好的。",
    "二、产业发展\n\n（一）加强领导\n（二）完善机制\n（三）狠抓落实",
    "第一，第二，门第，次第开放，第比利斯，第 3 次，第X次。",
    "坚持“三个代表”重要思想，推动第三产业、二、三产业发展，十一届三中全会。",
    "甘肃遍地宝，“宝”在独一无二的文化资源；一个“农”字。",
    "是实施“十一五”规划承上启下的关键之年。",
    "一是加强领导。是的，我们做到了。",
    # an enumeration ends; a 是 far beyond its last item opens a sentence of its own
    "原因有两条：一是投入大。二是管理好。" + "这些年来，各地积极探索，取得了明显成效。" * 20 + "是什么让他坚持下来？是对事业的热爱。",
    "是改革开放的春风，吹绿了山村。" + "这是一个漫长的过程，大家都很关心。" * 30 + "一是修路。二是建校。",
    # 第 inside a name (jieba)
    "印第安人的传统，安第斯山脉，法拉第、牛顿等科学家。",
    # one-character quotations that are words, not slogans with 三 cut
    "企业姓“公”还是姓“私”，那些“腕”们、“星”们；开展“三讲”，“讲”出新风貌，“讲”出好作风。",
]


@pytest.mark.parametrize("marked, code, suggestion", FLAG)
def test_flags(marked, code, suggestion):
    text, spans = unmark(marked)
    hits = ordinal.find(text)
    assert spans_of(hits) == spans
    assert all(h.code == code and h.kind == "ordinal" for h in hits)
    if suggestion is not None:
        assert all(h.suggestion == suggestion for h in hits)


def test_a_run_of_cut_items_counts_on():
    text, _ = unmark(FLAG[3][0])
    assert [h.suggestion for h in ordinal.find(text)] == ["二", "三"]


def test_an_inconsistent_sequence_is_no_enumeration():
    # 一是 … 是 … 二是: no room for an item between 一 and 二
    assert ordinal.find("一是加强领导。是落实的关键。二是完善机制。") == []


def test_headings_end_an_enumeration():
    text = "（一）甲\n一是乙。二是丙。\n（二）丁\n是戊的时候。"
    assert ordinal.find(text) == []


@pytest.mark.parametrize("text", NOT)
def test_leaves_alone(text):
    assert ordinal.find(text) == []


def test_the_fixed_expressions_come_from_the_table():
    from gaptext.gaps.lexicon import lexicon

    san = lexicon().san
    assert san["泛珠角"] == ("泛珠三角", True)
    assert san["个代表"] == ("三个代表", False)  # only a whole quotation proves it
    assert san["第产业"][0] == "第三产业"


def test_an_item_near_its_enumeration_is_still_a_slot():
    text = "一是投入大。二是管理好。是机制活。"
    assert [(h.code, h.suggestion) for h in ordinal.find(text)] == [("G301", "三")]
