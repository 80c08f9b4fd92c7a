"""Bad input: time on adversarial strings, peak memory on a huge input.

    python benchmarks/bad_input.py [--huge-mb 100]

Each adversarial string is 1 MB or more and is cleaned once (gaps on); the
huge input is the real fixture repeated to ``--huge-mb`` megabytes, cleaned
in a fresh process whose peak resident memory is reported against the size
of the input.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_text, repeat_to  # noqa: E402

# Each string is its unit repeated to about 1 MB of text; the benchmark also
# cleans a quarter of it, and prints how much longer the whole took: about 4
# for linear time, 16 for quadratic.
ADVERSARIAL = {
    "1M '('": "(" * 1_000_000,
    "'(a' x 500k": "(a" * 500_000,
    "'(a(a(a' x 170k": "(a(a(a" * 170_000,
    "',。' x 500k": ",。" * 500_000,
    "'發(' x 500k": "發(" * 500_000,
    "'?;' x 500k": "?;" * 500_000,
    "'（ā）' x 250k": "（ā）" * 250_000,
    "'是是' x 500k": "是" * 1_000_000,
    "'“”' x 500k": "“”" * 500_000,
    "'**' x 500k": "**" * 500_000,
    "'、' x 1M": "、" * 1_000_000,
    "'\\n\\n、' x 300k": "\n\n、" * 300_000,
    "mojibake-like": "涓枃锟斤拷ÖÐÎÄ?;?" * 80_000,
    "',' x 1M": "," * 1_000_000,
    "';' x 1M": ";" * 1_000_000,
    "'，' x 1M": "，" * 1_000_000,
    "'! ？' x 500k": "!？" * 500_000,
    "'a,' x 500k": "a," * 500_000,
    "'發,' x 500k": "發," * 500_000,
    "'(發)' x 333k": "(發)" * 333_333,
    "'發\\n\\n,' x 250k": "發\n\n," * 250_000,
    "'年' x 1M": "年" * 1_000_000,
    "'二是' x 500k": "二是" * 500_000,
    "'《》' x 500k": "《》" * 500_000,
    "'x%' x 500k": "x%" * 500_000,
    "'?' x 1M": "?" * 1_000_000,
    "'(fā)' x 250k": "(fā)" * 250_000,
}


def _peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM: its own, even
    after exec; ru_maxrss would carry over the parent's peak)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _huge(megabytes: float) -> None:
    import gaptext

    text = repeat_to(fixture_text(), megabytes)
    size = len(text.encode("utf-8"))
    gaptext.clean("預熱")
    base = _peak_rss()
    start = time.perf_counter()
    out = gaptext.clean(text)
    elapsed = time.perf_counter() - start
    peak = _peak_rss()
    print(f"huge input: {size / 1e6:.0f} MB UTF-8 ({len(text):,} chars) cleaned in {elapsed:.1f} s; "
          f"peak RSS {peak / 1e6:.0f} MB (process before: {base / 1e6:.0f} MB) = "
          f"{(peak - base) / size:.1f}x the input's UTF-8 size; output {len(out):,} chars")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--huge-mb", type=float, default=100.0)
    ap.add_argument("--huge-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.huge_only:
        _huge(args.huge_mb)
        return
    import gaptext

    gaptext.clean("預熱")
    print(f"{'adversarial input':<22}{'MB':>6}{'clean() s':>11}{'repair() s':>12}{'x quarter':>11}")
    for name, text in ADVERSARIAL.items():
        start = time.perf_counter()
        gaptext.clean(text)
        elapsed = time.perf_counter() - start
        quarter = text[: len(text) // 4]
        start = time.perf_counter()
        gaptext.clean(quarter)
        part = max(time.perf_counter() - start, 1e-4)
        start = time.perf_counter()
        gaptext.repair(text)
        full = time.perf_counter() - start
        print(f"{name:<22}{len(text.encode()) / 1e6:>6.1f}{elapsed:>11.3f}{full:>12.3f}{elapsed / part:>11.1f}")
    subprocess.run([sys.executable, __file__, "--huge-only", "--huge-mb", str(args.huge_mb)], check=False)


if __name__ == "__main__":
    main()
