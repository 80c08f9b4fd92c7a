"""Name gaps (G4xx): what must be flagged, and what must not."""

import pytest
from gapcases import spans_of, unmark

from gaptext.gaps import name

FLAG = [
    ("使更多的村和社区达到“⟦⟧”要求", "G401"),
    ("紧紧抓住深化“⟦⟧”不放松", "G401"),
    ("将中国食品工业(⟦⟧)示范基地做实做大", "G401"),
    ("将中国食品工业（⟦⟧）示范基地做实做大", "G401"),
    ("认真学习《⟦⟧》精神", "G401"),
    ("振兴、⟦⟧、刀等地方民族产业", "G402"),
    ("做强钢铁、煤炭、⟦⟧。", "G402"),
    ("国有企业改革改制工作扎实推进，⟦⟧等名优品牌正得到保护", "G403"),
    ("制定钢铁、⟦⟧等11个行业结构调整的政策", "G403"),
    ("今年是建区三十周年。作为⟦⟧的发源地，我们必须", "G404"),
    ("省委、省政府把⟦⟧建设成为百万人口大城市的定位", "G405"),
    ("为把⟦⟧市建设成为百万人口生态旅游城市蓄积发展潜力", "G405"),
    ("团结在沪的⟦⟧籍人士", "G406"),
    ("今年是⟦⟧成立周年。", "G407"),
    ("（一）大力弘扬⟦⟧精神。今年是建区三十周年。", "G408"),
    ("和谐”⟦⟧”村居创建活动稳步推进", "G409"),
]

NOT = [
    "引号“”和书名号《》都是标点。",
    "看准了的事情、看准了的项目、看准了的工作，就大胆地干。",
    "我们要等待时机，等等再说，钢铁、等级民宿、农家乐。",
    "作为一名党员，有所作为的干部，把城市建设成为宜居城市，把我市建设成为中心城市。",
    "大力弘扬伟大建党精神，他的籍贯，这是成立以来第一次。",
    "print() and f(x) are code; (2) is a number.",
    "（一）加强领导\n()为空标题由序号规则处理",
    # 等 the verb "wait (until)": a clause of time, a pronoun
    "先向朋友借钱，等下个月发了工资再还；等他回来就开工，等会议结束后，大家再议。",
    # 等 opening a saying in quotes, and jieba's words starting with 等
    "不能“等靠要”，也不能“等米下锅”，这个概念等同于那个概念，还有等离子体。",
]


@pytest.mark.parametrize("marked, code", FLAG)
def test_flags(marked, code):
    text, spans = unmark(marked)
    hits = name.find(text)
    assert spans_of(hits) == spans
    assert all(h.code == code and h.kind == "name" and h.suggestion is None for h in hits)


@pytest.mark.parametrize("text", NOT)
def test_leaves_alone(text):
    assert name.find(text) == []


def test_a_run_of_empty_pairs_is_one_gap():
    hits = name.find("达到“”“”“”要求")
    assert [(h.start, h.end) for h in hits] == [(3, 7)]
