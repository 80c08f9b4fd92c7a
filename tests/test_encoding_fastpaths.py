"""The encoding step's fast paths give what the plain ones give (oracle tests).

Each fast path (ftfy's mojibake test tried only where a match can start, the
families' matches found from one pass of character classes, a long span's
re-decoding given up when its beginning fails, the candidates' words looked up
only while they begin a word; in GBK resync, the word model scored keeping the
previous character at hand, bigram rows looked up once per character, a pair
not counted where one of its characters is absent from the document) is
compared with the plain computation it stands for, on text made of the pieces
those computations react to.
"""

from __future__ import annotations

import math

import ftfy
import pytest
from ftfy import badness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaptext import cross_codec
from gaptext.cross_codec import find_cross_codec
from gaptext.language_model import ALNUM, MAX_WORD, OTHER_MARK, model
from gaptext.steps import encoding
from gaptext.steps.encoding import EncodingStep

# Pieces: Chinese text and marks, pinyin readings, ASCII, the characters ftfy's and the
# families' patterns are made of, and real mojibake of each family.
PIECES = [
    "经济发展", "數據要素×", "”“", "“", "”", "，", "。", "(shù)", "(guī)", "?", "??", "?;?",
    "Brontë…”", "café", "Ã©", "Â ", "â€™", "Ã¡", "вЂ", "ГўВЂВ™a", "ÖÐÎÄ£¬²âÊÔ¡£", "缁忔祹鍙戝睍",
    "涓枃", "いゅ", "笢恅ㄛ", "±×", "√±", "‚Ä†", "\u0085", "\u00a0", " ", "\n", "a", "Z", ".",
    "1", "ç»\x8fæµŽ", "ï¼Œ", "€", "ü", "ǚ", "ÃÂ ", "Ð", "Σ", "│", "\ufffd", "锟斤拷",
]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
ALPHABET = st.sampled_from(sorted(set("".join(PIECES)) | set("ÃÂâ€™ªº¦¤¨¬¯¸ƒˆ˜†‡‰°µ·¿¡«»©®")))
CHARS = st.lists(ALPHABET, max_size=12).map("".join)


def test_badness_filter_is_read() -> None:
    # With the ftfy installed the filter is built (else the fast path is the plain search).
    assert encoding._badness_anchors() is not None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, CHARS))
def test_is_bad_as_ftfy(text: str) -> None:
    assert encoding._is_bad(text) == badness.is_bad(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_ftfy_leaves_only_what_ftfy_leaves(text: str) -> None:
    for line in encoding._LINE.findall(text):
        if encoding._ftfy_leaves(line):
            assert ftfy.fix_text(line, config=encoding._ftfy_config()) == line


def _classes(text: str):
    table, named = encoding._families()
    classes = table.classes(text)
    return classes, dict(named)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_cross_codec_starts_as_plain_scan(text: str) -> None:
    classes, bits = _classes(text)
    families = tuple(cross_codec._patterns())
    starts = encoding._starts(classes, bits, families)
    assert find_cross_codec(text, families, starts) == find_cross_codec(text, families)
    for family, pattern in cross_codec._patterns().items():
        fast = list(cross_codec._spans(text, family, pattern, starts.get(family)))
        assert fast == list(cross_codec._spans(text, family, pattern))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_ftfy_triggers_as_regex(text: str) -> None:
    classes, bits = _classes(text)
    assert encoding._ftfy_triggers(classes, bits) == [m.start() for m in _overlapping(text)]
    assert encoding._ftfy_changes(text, encoding._ftfy_triggers(classes, bits)) == encoding._ftfy_changes(text)


def _overlapping(text: str):
    pattern = encoding._FTFY_TRIGGER
    return [m for m in (pattern.match(text, i) for i in range(len(text))) if m is not None]


def _plain_redecode(span: str, family: str):
    encode, codec = cross_codec._DECODERS[family]
    try:
        return encode(span).decode(codec)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


@pytest.mark.parametrize("family", [f for f in cross_codec._DECODERS if f != "GBK read as Latin-1"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(PIECES + ["中文" * 20, "經濟發展" * 10, "abc" * 30]), min_size=1,
                     max_size=40).map("".join))
def test_long_span_redecoding_as_plain(family: str, text: str) -> None:
    text = text.replace("\ufffd", "")  # (spans with U+FFFD take the lost-byte path)
    for span in (text, "中文测试" * 20 + text, text + "中文" * 40):
        assert cross_codec._redecode(span, family) == _plain_redecode(span, family)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("经济发展社会主义中国人民的一是在了不和有大这主义者，。、？１２Ａ\x00")),
               max_size=6),
       st.lists(st.sampled_from(list("经济发展社会主义中国人民的一是，。１Ａ\x00")), min_size=1, max_size=8),
       st.text(alphabet=st.sampled_from(list("经济发展社会主义中国人民的一是，。１２\x00")), max_size=6))
def test_segment_scores_as_segment_score(left: str, cands: list, right: str) -> None:
    # What segment_scores stands for, each candidate scored whole; its shared parts
    # add the same terms in another order, so the sums agree to rounding.
    lm = model()
    fast = lm.segment_scores(left, cands, right)
    whole = [lm.segment_score(left + c + right) for c in cands]
    assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9) for a, b in zip(fast, whole, strict=True))


def test_step_uses_the_fast_paths_on_mixed_text() -> None:
    text = "數據要素×”行動(xíng)," * 50 + "\n缁忔祹鍙戝睍\nÖÐÎÄ£¬²âÊÔ¡£\n規(guī)?;?、專業(yè)\n"
    found = EncodingStep().find(text)
    assert [c.after for c in found if c.after is not None] == ["经济发展", "中文，测试。", "模化"]


# -- GBK resync: the word model and the document cache ------------------------------

MODEL_CHARS = list("经济发展社会主义中国人民的一是在了不和有大这者，。、；？！１２３Ａｂ％万元年\x00")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MODEL_CHARS + ["?", "a", "鑫", "龘"]), max_size=16))
def test_segment_score_as_plain(text: str) -> None:
    assert model().segment_score(text) == _plain_segment_score(model(), text)


def _plain_segment_score(self, text: str) -> float:
    """segment_score by its definition, computed another way: for each end, the best
    of every last token (one character scored by ``_token``, or a listed word of two
    to MAX_WORD characters that starts with no ``OTHER_MARK`` or digit/letter),
    without the stems that let segment_score stop looking early."""
    n = len(text)
    best = [0.0] + [-1e18] * n
    for j in range(1, n + 1):
        v = best[j - 1] + self._token(text[j - 2] if j > 1 else None, text[j - 1])
        for i in range(max(0, j - MAX_WORD), j - 1):
            w = self.words.get(text[i:j])
            if w is not None and text[i] != OTHER_MARK and text[i] not in ALNUM and best[i] + w > v:
                v = best[i] + w
        best[j] = v
    return best[n]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.sampled_from(MODEL_CHARS + ["?", "鑫"])),
       st.lists(st.sampled_from(MODEL_CHARS + ["?", "a", "鑫"]), max_size=10))
def test_logp_row_as_logp(a, bs: list) -> None:
    lm = model()
    assert lm.logp_row(a, bs) == [lm.logp(a, b) for b in bs]


def test_rev_is_pairs_by_second_character() -> None:
    """GBK resync's candidate ranking reads in(c, b) from ``rev[b]`` instead of ``pairs[c]``."""
    lm = model()
    assert all(lm.rev[b][a] == q for a, row in lm.pairs.items() for b, q in row.items())
    assert all(lm.pairs[a][b] == q for b, row in lm.rev.items() for a, q in row.items())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("经济发展社会主义中国人民的，。") + ["(jīng)", "?"]), max_size=60).map("".join),
       st.lists(st.sampled_from(list("经济发展社会人民鑫") + ["经济", "济发", "发展", "人民", "民鑫", "鑫鑫", "社会"]),
                min_size=1, max_size=12))
def test_cache_bonus_as_plain(doc: str, items: list) -> None:
    """The cache bonus skips counting a pair with a character the document lacks."""
    import math

    from gaptext import gbk_resync as R

    text = doc + "中?" + doc
    lm = model()
    site = R._Site(text, len(doc) + 1, lm, R._Budget(10 ** 6), full=False)
    plain = R._without_readings(text[max(0, site.q - R.CACHE_WINDOW):site.q]) + "\x00" + \
        R._without_readings(text[site.q + 1:site.q + 1 + R.CACHE_WINDOW])
    for item in items:
        p = lm.follow.get(item[0], lm.unknown_han)
        if len(item) == 1:
            expect = R.CACHE_WEIGHT * R._surprise(plain.count(item), len(plain) * p)
        else:
            expected = len(plain) * p * math.exp(lm.logp(item[0], item[1]))
            expect = R.CACHE_PAIR_WEIGHT * R._surprise(plain.count(item), expected)
        assert site._cached(item) == expect
