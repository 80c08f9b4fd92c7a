"""Score gap detection on redacted real text, and time it.

    python benchmarks/bench_gaps.py [--heldout] [--seed 0] [--rate 0.3] [--repeat 3] [--engine c|numpy] [--breakdown]

The clean text is the team's corpora (``../shared/corpora/*.jsonl``, clean
government reports).  They are test data: this script only *evaluates* on
them.  Without them it says so and exits 0.  With ``--heldout`` the clean
text is the held-out development text instead (People's Daily, January 1998,
``benchmarks/heldout.py``): the one to develop the rules against.

For each kind, every document is redacted with :func:`redact.redact` (that
kind only; see its docstring for what is cut) and the detector
(:func:`gaptext.gaps.find_gaps`) runs on the damaged text.  A reported gap matches
a cut when the kinds agree and its span touches the cut's (one character of
slack).  Printed: recall per kind; precision (reported gaps that match a cut,
over all reported gaps); suggestion accuracy (suggestions equal to the cut
text, over all suggestions made); every gap ``repair()`` reports in the clean
corpora themselves; then the CPU time of ``gaptext.repair()`` with gaps on
and off, their ratio, and the detector's own time (best of ``--repeat``
runs), over the clean text, the redacted text and the real damaged document.
With ``--breakdown``, also where the gap step's time goes on the redacted
text, part by part (:func:`breakdown`).  The prescan runs on the compiled
scanner where it was built (``gaptext.gaps.base.ENGINE``; the header says
which); ``--engine numpy`` times the numpy pass that stands in without it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gaptext  # noqa: E402
from gaptext.gaps import base, find_gaps  # noqa: E402
from redact import KINDS, redact, unprovable_ordinals  # noqa: E402

CORPORA = HERE.parent.parent / "shared" / "corpora"
FIXTURE = HERE.parent / "fixtures" / "seed-economic-work-speech.txt"


def load_corpora(path: Path = CORPORA) -> list:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else []
    docs = []
    for f in files:
        with f.open(encoding="utf-8") as fh:
            docs.extend(json.loads(line)["text"] for line in fh if line.strip())
    return docs


def available_steps() -> dict:
    """Switch off pipeline steps whose module does not exist yet."""
    names = {"mojibake": "encoding", "pinyin": "pinyin", "punctuation": "punctuation"}
    return {opt: False for opt, mod in names.items() if importlib.util.find_spec(f"gaptext.steps.{mod}") is None}


def touches(gap, cut) -> bool:
    return gap.start <= cut.end + 1 and cut.start <= gap.end + 1


def score(docs: list, seed: int, rate: float) -> dict:
    results = {}
    for kind in KINDS:
        cuts_total = found = reported = matched = 0
        sugg_made = sugg_right = 0
        misses, false = [], []
        by_frame = Counter()
        by_frame_found = Counter()
        for n, doc in enumerate(docs):
            damaged, cuts = redact(doc, kind, seed=seed * 1000 + n, rate=rate)
            gaps = find_gaps(damaged)
            cuts_total += len(cuts)
            reported += len(gaps)
            used = set()
            for c in cuts:
                frame = c.before if kind == "ordinal" else ("." if "." in c.before else "") + damaged[c.end:c.end + 2]
                by_frame[frame[:2]] += 1
                hit = next((g for g in gaps if g.kind == kind and touches(g, c)), None)
                if hit is None:
                    misses.append(damaged[max(0, c.start - 12):c.start] + "‸" + damaged[c.start:c.end + 12])
                    continue
                found += 1
                by_frame_found[frame[:2]] += 1
                used.add(id(hit))
                if hit.suggestion is not None:
                    sugg_made += 1
                    sugg_right += hit.suggestion == c.suggestion
            for g in gaps:
                if id(g) in used or any(g.kind == kind and touches(g, c) for c in cuts):
                    matched += 1
                else:
                    context = damaged[max(0, g.start - 12):g.start] + "‸" + damaged[g.start:g.end + 12]
                    false.append(f"{g.kind}/{g.code} {context}")
                    if g.suggestion is not None:
                        sugg_made += 1  # a suggestion at no cut is a wrong one
        results[kind] = dict(cuts=cuts_total, found=found, reported=reported, matched=matched,
                             sugg_made=sugg_made, sugg_right=sugg_right, misses=misses, false=false)
    return results


def timing(docs: list, repeat: int) -> tuple:
    """Best-of-``repeat`` CPU times of repair() with gaps off and on, interleaved
    so that a busy machine slows both alike; and of the detector alone
    (:func:`find_gaps` on the texts repair() cleaned).  CPU time of this
    process (``time.process_time``), not wall time: on a machine shared with
    other jobs it is the steadier measure of what detection costs."""
    opts = available_steps()
    for d in docs[:3]:
        gaptext.repair(d, gaps=True, **opts)  # load tables once
    cleaned = [gaptext.repair(d, gaps=False, **opts).text for d in docs]

    def run(fn, items) -> float:
        t = time.process_time()
        for d in items:
            fn(d)
        return time.process_time() - t

    off = on = alone = float("inf")
    for _ in range(repeat):
        off = min(off, run(lambda d: gaptext.repair(d, gaps=False, **opts), docs))
        on = min(on, run(lambda d: gaptext.repair(d, gaps=True, **opts), docs))
        alone = min(alone, run(find_gaps, cleaned))
    return off, on, alone, opts


def detection_parts() -> list:
    """The parts of :func:`find_gaps`, in its order, as (name, ``part(text, hits)``):
    the prescan, each family, the weak frames of a damaged text.  ``hits``
    collects what the parts find; :func:`~gaptext.gaps.base.resolve` of it is
    ``find_gaps(text)`` (tests/test_bench_gaps.py holds the two together)."""
    from gaptext.gaps import FAMILIES, _damaged, number, year

    def family(find):
        return lambda text, hits: hits.extend(find(text))

    def weak_frames(text, hits):
        if _damaged(hits):
            hits.extend(year.find(text, damaged=True))
            hits.extend(number.find(text, damaged=True))

    parts = [("prescan", lambda text, hits: base.prescanned(text) and base.prescan(text))]
    parts += [(f.__module__.rsplit(".", 1)[-1], family(f)) for f in FAMILIES]
    return parts + [("weak frames (damaged text)", weak_frames)]


def breakdown(docs: list, repeat: int) -> list:
    """Where detection's time goes: rows of (part, ms right after the repair steps, ms alone).

    The parts, in the order :func:`find_gaps` runs them: the prescan
    (:func:`gaptext.gaps.base.prescan`), each family of
    :data:`gaptext.gaps.FAMILIES`, the weak frames of a damaged text; then
    the rest of :func:`gaptext.gaps.detect` (merging the hits, making the Gap
    objects).  Each part is clocked on its own (CPU time, summed over the
    documents, best of ``repeat``): once run right after ``repair(gaps=False)``
    of each document, as inside ``repair()``, and once over the cleaned texts
    alone.  The first column is the larger because the repair steps push
    detection's code and tables out of the CPU caches.
    """
    from gaptext.config import Config
    from gaptext.gaps import detect

    opts = available_steps()
    config = Config(**opts)
    reports = [gaptext.repair(d, gaps=False, **opts) for d in docs]
    parts = detection_parts()
    clock = time.process_time
    t = clock()
    for _ in range(1000):
        clock()
    tick = (clock() - t) / 1000  # what one reading of the clock costs, taken off each part

    def clocked(report_of) -> list:
        """CPU seconds of each part, then of the whole of detect(), summed over the documents."""
        spent = [0.0] * (len(parts) + 1)
        for d in docs:
            report = report_of(d)
            hits: list = []
            t = clock()
            for k, (_, part) in enumerate(parts):
                part(report.text, hits)
                now = clock()
                spent[k] += now - t - tick
                t = now
            report = _fresh(report_of(d))  # (a new text: nothing is remembered from the parts)
            t = clock()
            detect(report, config)
            spent[-1] += clock() - t - tick
        return spent

    same = dict(zip(docs, reports))
    best_in = best_alone = None
    for _ in range(repeat):
        inside = clocked(lambda d: gaptext.repair(d, gaps=False, **opts))
        alone = clocked(same.__getitem__)
        best_in = inside if best_in is None else list(map(min, best_in, inside))
        best_alone = alone if best_alone is None else list(map(min, best_alone, alone))
    rows = [(name, a * 1000, b * 1000) for (name, _), a, b in zip(parts, best_in, best_alone)]
    rows.append(("merge, Gap objects", (best_in[-1] - sum(best_in[:-1])) * 1000,
                 (best_alone[-1] - sum(best_alone[:-1])) * 1000))
    rows.append(("total (detect)", best_in[-1] * 1000, best_alone[-1] * 1000))
    return rows


def _fresh(report):
    """``report`` with a copy of its text: the gap rules remember their last text by
    identity, and ``repair()`` returns the very input when no step changed it."""
    from dataclasses import replace

    return replace(report, text="".join(report.text[:1]) + report.text[1:])


def timing_sets(docs: list, label: str, seed: int, rate: float) -> list:
    """What is timed: the clean text, the same text redacted (every kind, as
    scored above: the damaged text detection is for) and the real damaged
    document of ``fixtures/`` (repeated to some 200,000 characters)."""
    damaged = [redact(doc, kind, seed=seed * 1000 + n, rate=rate)[0] for kind in KINDS for n, doc in enumerate(docs)]
    sets = [(f"clean {label}", docs), (f"redacted {label} (all kinds)", damaged)]
    if FIXTURE.exists():
        text = FIXTURE.read_text(encoding="utf-8")
        sets.append((f"{FIXTURE.name} x{200_000 // len(text) + 1}", [text] * (200_000 // len(text) + 1)))
    return sets


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--show", type=int, default=5, help="misses and false gaps to print per kind")
    ap.add_argument("--heldout", action="store_true",
                    help="use the held-out dev text (People's Daily 1998) instead of the test corpora")
    ap.add_argument("--no-timing", action="store_true", help="skip the gaps on/off timing")
    ap.add_argument("--engine", choices=("c", "numpy"),
                    help="the prescan to time: the compiled scanner (the default where it was built) or numpy")
    ap.add_argument("--breakdown", action="store_true",
                    help="also show where detection's time goes on the redacted text, part by part")
    args = ap.parse_args(argv)
    if args.heldout:
        from heldout import heldout_documents

        docs, label = heldout_documents(), "held-out dev text (People's Daily 1998)"
    else:
        docs, label = load_corpora(), "test corpora"
    if not docs:
        print(f"skipped: no clean corpora at {CORPORA} (they live beside the checkout, not in it)")
        return 0
    chars = sum(map(len, docs))
    if args.engine:
        try:
            base.use_engine(args.engine)
        except RuntimeError as exc:
            ap.error(f"--engine {args.engine}: {exc}")
    print(f"{label}: {len(docs)} documents, {chars:,} characters, seed {args.seed}, rate {args.rate}; "
          f"prescan engine {base.ENGINE}")
    res = score(docs, args.seed, args.rate)
    total_rep = total_match = sugg_made = sugg_right = 0
    print(f"{'kind':<8} {'cuts':>6} {'found':>6} {'recall':>7} {'reported':>9} {'false':>6}")
    for kind, r in res.items():
        recall = r["found"] / r["cuts"] if r["cuts"] else float("nan")
        print(f"{kind:<8} {r['cuts']:>6} {r['found']:>6} {recall:>7.1%} {r['reported']:>9} {len(r['false']):>6}")
        total_rep += r["reported"]
        total_match += r["matched"]
        sugg_made += r["sugg_made"]
        sugg_right += r["sugg_right"]
    print(f"precision {total_match / total_rep:.1%} ({total_match}/{total_rep})" if total_rep else "precision n/a")
    print(f"suggestions correct {sugg_right}/{sugg_made}" + (f" ({sugg_right / sugg_made:.1%})" if sugg_made else ""))
    hidden = sum(len(unprovable_ordinals(d)) for d in docs)
    print(f"not scored: {hidden} places where a cut 三 would leave no trace (三 opening an unquoted name: 三峡库区)")
    for kind, r in res.items():
        for line in r["misses"][: args.show]:
            print(f"  miss  {kind}: {line!r}")
        for line in r["false"][: args.show]:
            print(f"  false {kind}: {line!r}")
    opts = available_steps()
    clean_gaps = []
    for n, doc in enumerate(docs):
        r = gaptext.repair(doc, **opts)
        clean_gaps.extend(f"doc {n} {g.code} {r.text[max(0, g.start - 15):g.end + 15]!r}" for g in r.gaps)
    print(f"clean {label} through repair(): {len(clean_gaps)} gaps in {chars:,} characters, "
          f"{len(clean_gaps) / chars * 100_000:.2f} per 100,000 (target: at most 1)")
    for line in clean_gaps:
        print("  " + line)
    if args.no_timing:
        return 0
    for name, items in timing_sets(docs, label, args.seed, args.rate):
        off, on, alone, opts = timing(items, args.repeat)
        steps = ", ".join(f"{k}=False" for k in opts) or "all steps"
        size = sum(map(len, items))
        print(f"repair() over the {name} ({size:,} characters; {steps}): gaps off {off * 1000:.0f} ms, "
              f"gaps on {on * 1000:.0f} ms, ratio {on / off:.2f}x; detection alone {alone * 1000:.0f} ms "
              f"({alone / off:.2f}x of gaps off)")
        if args.breakdown and name.startswith("redacted"):
            print(f"  where the gap step's time goes over the {name} (CPU ms, each part clocked in turn):")
            print(f"  {'part':<28} {'inside repair()':>15} {'alone':>7}")
            for part, inside, by_itself in breakdown(items, args.repeat):
                print(f"  {part:<28} {inside:>15.1f} {by_itself:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
