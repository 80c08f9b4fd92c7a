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
    # 年X is no word when XY is the commoner word that followed a cut year
    ("会议指出，⟦⟧年长江流域汛情平稳", "G101"),
    ("报告回顾了⟦⟧年华北地区的发展", "G101"),
    ("刚刚过去的⟦⟧年中国经济稳中有进", "G101"),
    # the start of a range of years, and 之后
    ("文集收录作者⟦⟧年至1974年的文稿", "G101"),
    ("该公司⟦⟧年—2000年的发展规划", "G101"),
    ("勘探取得突破，迎来了继⟦⟧年之后的又一个高峰", "G101"),
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
    # 年 opening a longer word (jieba): idioms, annual figures, ages
    "厂房年久失修，老人年事已高；年复一年地坚持，年富力强的干部。",
    "他由年收入几百元的农户变成了富户，年利率下调。",
    # an age
    "年仅九岁的女孩，年逾七旬的教授，年过半百，年届花甲，时年二十岁，年已古稀。",
    # annual figures with the figure right after
    "这家工厂年创汇５００万美元，农户年纯收入２万元，年租金３万元。",
    # 年 inside a longer word
    "逢年过节走亲访友，今年是我的本命年，又是一个丰收年。",
    # ○ typed for 〇
    "从一九九○年起，一九八○年以来。",
    # words jieba lacks that year.py knows: 年会, 年月, 年中, 年礼
    "学会的年会在北京举行；那些艰苦的年月里；年中检查；带上年礼回家。",
    # quoted: the word itself
    "春节的“年”味很浓，“年”字怎么写，“年味”十足。",
    # a year named after a theme: X年是…
    "今年是中国旅游年，旅游年是一次全国性的活动。",
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


def test_weak_frames_only_in_a_text_that_lost_its_digits():
    # 到年底, 公司年度会议, 该行年亏损: ordinary in clean text, likely cuts in a
    # document whose digits were stripped (G104, G105 via find_gaps).
    weak = "该公司年严重亏损。截至年底，公司年度工作会议召开。"
    assert year.find(weak) == []
    assert find_gaps(weak) == []
    damaged = "对年全区经济工作进行了总结，是自年以来最好的。" + weak
    codes = [g.code for g in find_gaps(damaged)]
    assert codes.count("G101") == 2
    assert codes.count("G104") == 1 and codes.count("G105") == 2
    # a year named after a theme ends its phrase: no weak frame even in a damaged text
    themed = "对年全区经济工作进行了总结，是自年以来最好的。全市把今年定为招商引资年，狠抓落实。"
    assert [g.code for g in find_gaps(themed)] == ["G101", "G101"]
