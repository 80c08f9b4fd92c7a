"""The punctuation and layout step: fullwidth marks, doubled marks, 〝〞, broken paragraphs."""

from __future__ import annotations

import glob
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gaptext
from gaptext.pipeline import apply_changes
from gaptext.steps import check_changes
from gaptext.steps.punctuation import PunctuationStep

STEP = PunctuationStep()
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"
CORPORA = Path("/work/shared/corpora")
HAN = "[\u4e00-\u9fff]"

# A clean paragraph: fullwidth marks are its habit, so weak contexts stay ASCII.
CLEAN = "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。" * 3


def fix(text: str) -> str:
    changes = STEP.find(text)
    check_changes(text, changes)
    return apply_changes(text, changes)[0]


# -- L101: ASCII marks in Chinese context ------------------------------------------------


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("发展,很好", "发展，很好"),
        ("招商引资项目“落地”慢,缺乏支撑", "招商引资项目“落地”慢，缺乏支撑"),
        ("新增长点;推动传统产业", "新增长点；推动传统产业"),
        ("主要体现在:经济总量小", "主要体现在：经济总量小"),
        ("好!我们", "好！我们"),
        ("“真的吗?”他问", "“真的吗？”他问"),
        ("是吗?我去", "是吗？我去"),
        ("“枫桥经验”,深化", "“枫桥经验”，深化"),
        ("见《报告》,其中", "见《报告》，其中"),
        ("要求,“三个代表”", "要求，“三个代表”"),
    ],
)
def test_strong_context_is_always_converted(damaged, repaired):
    assert fix(damaged) == repaired
    assert fix(CLEAN + damaged) == CLEAN + repaired


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("同志们:\n\n刚才,区长", "同志们：\n\n刚才，区长"),
        ("时间:2022-01-22 09:33:00\n\n导语:来源于网友上传,不代表本站观点", "时间：2022-01-22 09:33:00\n\n导语：来源于网友上传，不代表本站观点"),
        ("生产总值预计增长*%,是自年以来的最高增速", "生产总值预计增长*%，是自年以来的最高增速"),
        ("表示衷心的感谢和诚挚的敬意!\n\n成绩令人鼓舞,但", "表示衷心的感谢和诚挚的敬意！\n\n成绩令人鼓舞，但"),
        ("新年新收获!", "新年新收获！"),
        ("网址:http://a.b/c", "网址：http://a.b/c"),
        ("为什么?\n", "为什么？\n"),
    ],
)
def test_weak_context_is_converted_where_ascii_is_the_habit(damaged, repaired):
    assert fix(damaged) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "来源:\n四川日报\n",
        "分享到:\n",
        "时间:2026-02-03 09:02:33\n",
        "增长5%,达到",
        "敬意!\n",
    ],
)
def test_weak_context_stays_in_a_clean_text(text):
    assert STEP.find(CLEAN + text) == []


def test_digits_and_times_never_change():
    out = fix("时间:2022-01-22 09:33:00\n\n增长1.3万,达到1,000亿元,上午9:30开会")
    assert "2022-01-22 09:33:00" in out and "1.3万" in out and "1,000" in out and "9:30" in out
    assert out.startswith("时间：")


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-22 09:33:00",
        "1.3万",
        "1,000",
        "上午9:30至11:00",
        "比例为2.50:1",
        "Python, GitHub; Hello, world! What? a:b",
        "http://a.b/c?x=1,2",
        "访问http://例子.中国/路径?参数=值,值",
        "f(x) = g(a,b)",
        "a:b",
        "(Python)",
        "使用(Python)开发",
        "第(2)项",
        "(2)",
        "发(fā)展经(jīng)济",
        'print("你好")',
        "当?地群众",
        "洞庭湖区、?水灌区",
        "前1?。医疗",
        "振兴、、刀等",
        "和谐””村居",
        "发展……还有",
        "发展...还有",
        "好！！我们",
        "真的？！",
        "发展。。。还有",
        "a,,b",
        "for(;;)",
        "名称,数量,单价\n苹果,3,5.00\n梨子,4,6.00\n",
        "产品,名称\n北京,上海\n",
        "“落地”慢，缺乏",
        "技术供给方带团队、带技术\n揭榜\n；“成果找市场”",
        "带场景\n揭榜\n。\n",
    ],
)
def test_must_not_touch(text):
    assert STEP.find(text) == []
    assert STEP.find(CLEAN + "\n" + text) == []


# -- parentheses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("(一)大力弘扬精神", "（一）大力弘扬精神"),
        ("的面貌。\n\n(三)正确理解", "的面貌。\n\n（三）正确理解"),
        ("除夕(2008年2月8日)，全国", "除夕（2008年2月8日），全国"),
        ("国内生产总值(GDP增长)达到", "国内生产总值（GDP增长）达到"),
        ("GDP(国内生产总值)增长", "GDP（国内生产总值）增长"),
        ("中国(北京(朝阳))开会", "中国（北京（朝阳））开会"),
        ("产业(汉）发展", "产业（汉）发展"),
    ],
)
def test_parentheses_enclosing_chinese_become_fullwidth(damaged, repaired):
    assert fix(damaged) == repaired


@pytest.mark.parametrize("text", ["(汉字", "汉字)", "(汉\n字)", "f(中文)", "word (中文) word", "(汉字", "汉(字"])
def test_parentheses_convert_as_a_pair_or_not_at_all(text):
    assert STEP.find(text) == []


@pytest.mark.parametrize("text", ["((汉)", "(汉))", "(汉(字)", "汉)(字", "(汉)(字)(", "（(汉)）)", "(a(汉)b)"])
def test_parentheses_stay_balanced(text):
    out = fix(text)
    assert text.count("(") - out.count("(") == text.count(")") - out.count(")")
    assert out.count("（") - text.count("（") == out.count("）") - text.count("）")


# -- L102: doubled marks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("产量,,增加", "产量，增加"),
        ("精神状态，，更加", "精神状态，更加"),
        ("生产,。", "生产。"),
        ("生产，。", "生产。"),
        ("生产。。下一步", "生产。下一步"),
        ("任务；；社会保障", "任务；社会保障"),
        ("产量,，增加", "产量，增加"),
        ("生产，。。", "生产。"),
        ("生产。，下一步", "生产。下一步"),
    ],
)
def test_doubled_marks_collapse(damaged, repaired):
    changes = STEP.find(damaged)
    assert {c.code for c in changes} == {"L102"}
    assert len(changes) == 1
    assert fix(damaged) == repaired


def test_doubled_change_is_minimal():
    [change] = STEP.find("精神状态，，更加")
    assert (change.start, change.end, change.after) == (5, 6, "")
    [change] = STEP.find("生产,。")
    assert (change.start, change.end, change.after) == (2, 3, "")


# -- L103: quotes ----------------------------------------------------------------------


def test_double_prime_quotes_become_curly():
    changes = STEP.find("〝三个代表〞重要思想")
    assert [(c.start, c.after, c.code) for c in changes] == [(0, "“", "L103"), (5, "”", "L103")]
    assert fix("〝三个代表〞重要思想") == "“三个代表”重要思想"


# -- L104: broken paragraphs -----------------------------------------------------------


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("看准了的项目\n\n、看准了的工作", "看准了的项目、看准了的工作"),
        ("看准了的项目\n\n，看准了的工作", "看准了的项目，看准了的工作"),
        ("看准了的项目\r\n\r\n\u3000\u3000。下一步", "看准了的项目。下一步"),
        ("看准了的项目 \n \n ；下一步", "看准了的项目；下一步"),
        ("招商引资项目“落地\n\n”慢", "招商引资项目“落地”慢"),
        ("（一\n\n）大力弘扬", "（一）大力弘扬"),
        ("看准了的项目\n\n,看准了的工作", "看准了的项目，看准了的工作"),
    ],
)
def test_broken_paragraph_is_rejoined(damaged, repaired):
    assert fix(damaged) == repaired
    assert "L104" in {c.code for c in STEP.find(damaged)}


def test_rejoin_change_is_the_break_run():
    text = "看准了的项目\n\n、看准了的工作"
    [change] = STEP.find(text)
    assert (text[change.start:change.end], change.after, change.code) == ("\n\n", "", "L104")


@pytest.mark.parametrize(
    "text",
    [
        "看准了的项目\n、看准了的工作",  # a single line break is line structure
        "看准了的项目。\n\n、看准了的工作",  # the paragraph before ended with a mark
        "落地。\n\n”慢",
        "第一段\n\n”引文",  # no open quote before
        "第一段\n\n）说明",  # no open parenthesis before
        "、开头的文本",
    ],
)
def test_paragraph_starts_that_stay(text):
    assert STEP.find(text) == []


def test_indentation_and_line_structure_stay():
    text = "\u3000\u3000一、总体要求\n\n\u3000\u3000发展,很好。\n  第二行\n"
    assert fix(text) == "\u3000\u3000一、总体要求\n\n\u3000\u3000发展，很好。\n  第二行\n"


# -- contract --------------------------------------------------------------------------


def test_codes_and_messages():
    text = "同志们:\n\n看准了的项目\n\n、看准了的工作,,〝好〞。。"
    changes = STEP.find(text)
    check_changes(text, changes)
    assert {c.code for c in changes} == {"L101", "L102", "L103", "L104"}
    for c in changes:
        assert c.message and c.message.isascii()
        assert text[c.start:c.end] != c.after


def test_each_conversion_is_its_own_minimal_change():
    text = "好!!我们,还有:这些"
    changes = STEP.find(text)
    assert [(c.start, c.end, c.after) for c in changes] == [(1, 2, "！"), (2, 3, "！"), (5, 6, "，"), (8, 9, "：")]


def test_bad_input_does_not_crash():
    assert STEP.find("") == []
    assert STEP.find(None) == []  # type: ignore[arg-type]
    assert STEP.find("\ud800,\udfff") == []


def test_pipeline_runs_the_step():
    report = gaptext.repair("发展,很好\n\n看准了的项目\n\n、看准了的工作", mojibake=False, pinyin=False, gaps=False)
    assert report.text == "发展，很好\n\n看准了的项目、看准了的工作"
    assert [e.code for e in report.edits] == ["L101", "L104"]
    assert gaptext.repair("发展,很好", mojibake=False, pinyin=False, punctuation=False, gaps=False).text == "发展,很好"


def test_adversarial_input_runs_in_linear_time():
    cases = [
        ",。" * 500_000,
        "，" * 1_000_000,
        "(" * 100_000,
        "(汉" * 50_000 + ")" * 50_000,
        "汉\n\n、" * 50_000,
        "（汉\n\n）" * 50_000,
        "汉" + "\n" * 500_000 + "、",
        " " * 500_000 + "(汉)",
        "a" * 1_000_000 + "://",
        "http://a" + ")." * 100_000,
        "！" * 1_000_000,
    ]
    for text in cases:
        t0 = time.perf_counter()
        changes = STEP.find(text)
        assert time.perf_counter() - t0 < 5, text[:20]
        check_changes(text, changes)


# -- properties ------------------------------------------------------------------------

PIECES = [
    "汉", "字", "吗", "么", ",", ";", ":", "!", "?", "(", ")", "（", "）", "，", "。", "；", "：", "！", "？",
    "、", "“", "”", "〝", "〞", "\n", "\n\n", " ", "\u3000", "\t", "\r", "a", "G", "1", "%", ".", '"',
    "http://x.y/", "名,称",
]
TRIGGERS = set(",;:!?()〝〞")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_idempotent(text):
    changes = STEP.find(text)
    check_changes(text, changes)
    once = apply_changes(text, changes)[0]
    assert STEP.find(once) == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="".join(TRIGGERS) + "\n，；。")))
def test_text_without_triggers_is_untouched(text):
    assert STEP.find(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_valid_changes(text):
    changes = STEP.find(text)
    check_changes(text, changes)
    for c in changes:
        assert c.code in {"L101", "L102", "L103", "L104"}
        assert text[c.start:c.end] != c.after


# -- real documents --------------------------------------------------------------------


def _corpus_docs():
    if not CORPORA.is_dir():
        pytest.skip("/work/shared/corpora is absent (team checkout only)")
    docs = []
    for path in sorted(glob.glob(str(CORPORA / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            docs.extend(json.loads(line)["text"] for line in fh if line.strip())
    return docs


# The corpora's real punctuation faults, found by reading every ASCII mark,
# doubled mark and line-initial mark in them: (doc index, offset, code, before,
# after, context).  The third comma, after a closing quote, is a fault too.
CORPUS_FAULTS = {
    (2, 3864, "L102", "，", "", "精神状态，，更加"),
    (24, 10660, "L101", ";", "；", "新增长点;推动"),
    (36, 7588, "L101", ",", "，", "时序节奏,推动"),
    (36, 10520, "L101", ",", "，", "研发机构,增强"),
    (36, 16841, "L101", ",", "，", "“枫桥经验”,深化"),
}


def test_clean_corpora_change_only_their_real_faults():
    docs = _corpus_docs()
    found = set()
    for i, doc in enumerate(docs):
        changes = STEP.find(doc)
        check_changes(doc, changes)
        for c in changes:
            context = next((f[5] for f in CORPUS_FAULTS if f[:2] == (i, c.start)), doc[c.start - 6:c.end + 6])
            assert context in doc[c.start - 10:c.end + 10]
            found.add((i, c.start, c.code, doc[c.start:c.end], c.after, context))
    assert found == CORPUS_FAULTS


def test_fixture_after_script_step():
    text = FIXTURE.read_text(encoding="utf-8")
    out = gaptext.repair(text, mojibake=False, pinyin=False, gaps=False).text
    assert not re.search(HAN + r"[,;:!?]" + HAN, out)
    assert "项目、看准了的工作" in out and "项目\n\n、" not in out
    assert out.splitlines()[2] == "时间：2022-01-22 09:33:00"
    assert "同志们：\n" in out and out.endswith("新年新收获！")
    # The mojibake the encoding step will repair is no business of this step.
    assert "规(guī)?;?、" in out
