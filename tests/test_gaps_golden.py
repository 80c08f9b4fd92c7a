"""The golden annotation of the real document, and the clean corpora."""

import pytest
from gapcases import annotation, fixture_report, locate, pipeline_options

import gaptext

KINDS = {"year", "number", "ordinal", "name", "mask"}


@pytest.fixture(scope="module")
def report():
    return fixture_report()


def test_the_annotation_is_well_formed(report):
    ann = annotation()
    assert len(ann["gaps"]) >= 30
    spans = [locate(report.text, e) for e in ann["gaps"]]
    assert len(set(spans)) == len(spans)
    for e in ann["gaps"]:
        assert e["kind"] in KINDS
        assert e["suggestion"] is None or e["kind"] == "ordinal"


def test_every_annotated_gap_is_found_with_its_kind_and_suggestion(report):
    found = {(g.start, g.end): g for g in report.gaps}
    problems = []
    for e in annotation()["gaps"]:
        span = locate(report.text, e)
        g = found.get(span)
        where = f"{e['before']}‸{e['span']}{e['after']}"
        if g is None:
            problems.append(f"missed {e['kind']} at {where}")
        elif g.kind != e["kind"]:
            problems.append(f"{g.code} says {g.kind}, annotation {e['kind']} at {where}")
        elif g.suggestion != e["suggestion"]:
            problems.append(f"{g.code} suggests {g.suggestion!r}, annotation {e['suggestion']!r} at {where}")
    assert not problems, "\n".join(problems)


def test_at_most_five_percent_of_reported_gaps_are_not_annotated(report):
    annotated = {locate(report.text, e) for e in annotation()["gaps"]}
    extra = [g for g in report.gaps if (g.start, g.end) not in annotated]
    shown = [f"{g.code} {report.text[max(0, g.start - 8):g.end + 8]!r}" for g in extra]
    assert len(extra) <= 0.05 * len(report.gaps), shown


def test_clean_corpora_raise_at_most_one_gap_per_100k_characters(corpora):
    options = pipeline_options()
    chars = sum(len(d) for d in corpora)
    found = []
    for n, doc in enumerate(corpora):
        r = gaptext.repair(doc, **options)
        found.extend(f"doc {n} {g.code} {r.text[max(0, g.start - 15):g.end + 15]!r}" for g in r.gaps)
    assert len(found) <= chars / 100_000, "\n".join(found)
