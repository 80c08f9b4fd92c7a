"""clean() throughput on one core, on damaged and on clean text.

    python benchmarks/clean_speed.py [--mb 5]

Damaged text: the real fixture repeated, and the clean corpora (test data)
damaged by benchmarks/damage.py.  Clean text: the corpora as they are.
Prints MB/s per text with gaps on and off (best of three runs), and each
step's own share on the damaged corpora.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best_rate, corpus_texts, fixture_text, repeat_to  # noqa: E402

import gaptext  # noqa: E402
from gaptext.pipeline import build_steps  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0)
    args = ap.parse_args()
    texts = {"fixture (real damage)": repeat_to(fixture_text(), args.mb)}
    corpora = corpus_texts()
    if corpora:
        from damage import damage_document

        base = "\n\n".join(corpora)
        texts["corpora, damaged"] = repeat_to(damage_document(base, seed=1), args.mb)
        texts["corpora, clean"] = repeat_to(base, args.mb)
    gaptext.clean("預熱(yù)")
    print(f"{'text':<24}{'MB':>7}{'clean() gaps on':>18}{'gaps off':>11}  MB/s, one core, best of 3")
    for name, text in texts.items():
        nbytes = len(text.encode("utf-8"))
        on = best_rate(lambda: gaptext.clean(text), nbytes)
        off = best_rate(lambda: gaptext.clean(text, gaps=False), nbytes)
        print(f"{name:<24}{nbytes / 1e6:>7.1f}{on:>18.1f}{off:>11.1f}")
    if corpora:
        text = texts["corpora, damaged"]
        print("\nper step on the damaged corpora (each on the text it receives; best of 3):")
        print(f"  {'step':<12}{'find() MB/s':>12}{'as clean() runs it':>20}{'changes':>10}")
        current = text
        from gaptext.pipeline import apply_changes

        for step in build_steps(gaptext.Config()):
            nbytes = len(current.encode("utf-8"))
            changes = step.find(current)
            found = best_rate(lambda: step.find(current), nbytes)
            rewrite = getattr(step, "rewrite", None)
            fast = best_rate(lambda: rewrite(current), nbytes) if rewrite else found
            print(f"  {step.name:<12}{found:>12.1f}{fast:>20.1f}{len(changes):>10}")
            current = apply_changes(current, [c for c in changes if c.after is not None])[0]
    print(f"\nload average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
