"""Year gaps (G1xx): what must be flagged, and what must not."""

import pytest
from gapcases import spans_of, unmark

from gaptext.gaps import find_gaps, year

FLAG = [
    ("刚才，区长对⟦⟧年全区经济工作进行了全面的总结", "G101"),
    ("结合我区实际，提出了⟦⟧年经济社会发展的预期目标", "G101"),
    ("刚刚过去的⟦⟧年，继续解放思想、深化区情认识", "G101"),
    ("全力推进加快发展进程。\n\n⟦⟧年我区生产总值预计增长", "G101"),
    ("是自⟦⟧年以来的最高增速", "G101"),
    ("区委、区政府决定把⟦⟧年作为“和谐矿区”建设年", "G101"),
    ("从数字上看，⟦⟧年全区生产总值增速较快", "G101"),
    ("参加基本养老保险人数达到1.8亿人，比⟦⟧年增加近1倍", "G101"),
    ("城镇居民人均可支配收入由⟦⟧年7703元增加到20000元", "G101"),
    ("⟦⟧年是全面建设小康社会的关键之年", "G101"),
    ("对应对气候变化工作，明确提出⟦⟧年我国控制温室气体排放行动目标", "G101"),
    ("四、加强领导，狠抓落实\n\n⟦⟧是实施规划承上启下的关键之年，目标任务已经明确。", "G102"),
]

NOT = [
    "今年全区经济平稳增长，明年要更好，去年打下了基础。",
    "近年来，每年新增就业一百万人；全年目标任务全面完成，多年来未有的好形势。",
    "新年新气象，年底前完成，年初部署，年度目标，一年来成绩显著，年来变化很大。",
    "二〇一二年全区经济增长，三年来成效明显，二〇〇八年以来持续向好。",
    "2012年全区经济增长，2012 年以来，自2008年以来，把2009年作为项目年。",
    "年均增长8%，年轻干部，对年轻人，的年度计划，年产量达到五万吨。",
    "过了年。是年，这些年来，有生之年，关键之年，收官之年。",
    "产能1400万吨/年，增加到4318元/年。",
    "今年是我市的“项目建设年”，也是作风建设年。",
    "年中，在国际能源价格处于高位的情况下，第十四个五年规划顺利实施。",
    "20*年、20XX年都是占位符，不是年份缺失。",
    "一年多干几件大事，多上几个大项目。",
]


@pytest.mark.parametrize("marked, code", FLAG)
def test_flags(marked, code):
    text, spans = unmark(marked)
    hits = year.find(text)
    assert spans_of(hits) == spans
    assert all(h.code == code and h.kind == "year" and h.suggestion is None for h in hits)
    assert all(0 < h.confidence <= 1 for h in hits)


@pytest.mark.parametrize("text", NOT)
def test_leaves_alone(text):
    assert year.find(text) == []
    assert [g for g in find_gaps(text) if g.kind == "year"] == []
