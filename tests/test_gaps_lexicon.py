"""The gap lexicon: built from jieba's word list, up to date, and consistent with the rules."""

import importlib.util
import sys
from pathlib import Path

import pytest

from gaptext.gaps import year
from gaptext.gaps.lexicon import lexicon

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _build_script():
    sys.path.insert(0, str(TOOLS))
    try:
        import build_gap_lexicon
    finally:
        sys.path.remove(str(TOOLS))
    return build_gap_lexicon


def test_the_shipped_table_is_what_the_script_builds():
    if importlib.util.find_spec("jieba") is None:
        pytest.skip("jieba is not installed: the table cannot be rebuilt here")
    script = _build_script()
    import jieba

    if getattr(jieba, "__version__", None) != script.JIEBA_VERSION:
        pytest.skip(f"the table is built from jieba {script.JIEBA_VERSION}")
    assert script.main(["--check"]) == 0


def test_the_year_rule_and_the_script_know_the_same_extra_words():
    # year.py accepts 年中, 年会 ... that jieba lacks; the script lists their clashes.
    assert set(_build_script().EXTRA_NIAN_RIGHT) == year._RIGHT_WORDS - {"年"}


def test_the_word_lists_hold_what_the_rules_rely_on():
    lex = lexicon()
    assert {"年复一年", "年久失修", "年事已高", "年收入"} <= lex.nian_words
    assert {"逢年过节", "本命年"} <= lex.nian_inner
    assert {"中国", "长江", "金融"} <= lex.nian_clash and "底下" not in lex.nian_clash
    assert {"印第安", "安第斯", "法拉第"} <= lex.di_inner and "排名第" not in lex.di_inner
    assert {"等米下锅", "等同于"} <= lex.deng_words
    # a date whose digits are all cut is no word
    assert "年月日" not in lex.nian_words
