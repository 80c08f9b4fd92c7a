"""Conversion speed, side by side: gaptext vs official OpenCC vs opencc-python-reimplemented.

    python benchmarks/convert_speed.py [--mb 6]

Official OpenCC 1.4.2 (C++) and opencc-python-reimplemented both import as
``opencc``, so each engine runs in its own process: the official build from a
separate ``pip install --target`` folder (made on first use under
benchmarks/out/), the reimplementation from the current environment.  The
traditional test text is the clean corpora (test data) turned traditional by
OpenCC s2t, or the bundled fixture when the corpora are absent, repeated to
at least ``--mb`` megabytes.  One core, best of three runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, best_rate, corpus_texts, fixture_text, repeat_to  # noqa: E402

OFFICIAL = OUT / "opencc-official-1.4.2"
CONFIGS = ("t2s", "tw2s", "hk2s")


def _ensure_official() -> bool:
    if (OFFICIAL / "opencc").is_dir():
        return True
    OUT.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(OFFICIAL), "opencc==1.4.2"]
    return subprocess.run(cmd).returncode == 0


def _worker(engine: str, path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    nbytes = len(text.encode("utf-8"))
    rates = {}
    if engine == "gaptext":
        import gaptext

        for config in CONFIGS:
            gaptext.convert("預熱", config)
            rates[config] = best_rate(lambda: gaptext.convert(text, config), nbytes)
    elif engine == "official":
        import opencc

        assert opencc.__version__ == "1.4.2", opencc.__file__
        for config in CONFIGS:
            conv = opencc.OpenCC(config)
            rates[config] = best_rate(lambda: conv.convert(text), nbytes)
    elif engine == "reimplemented":
        import opencc

        for config in CONFIGS:
            conv = opencc.OpenCC(config)
            rates[config] = best_rate(lambda: conv.convert(text), nbytes, repeat=1)
    print(json.dumps(rates))


def _traditional_text(megabytes: float) -> str:
    texts = corpus_texts()
    if texts:
        base = "\n\n".join(texts)
        script = "import sys, opencc; sys.stdout.write(opencc.OpenCC('s2t').convert(sys.stdin.read()))"
        env = dict(os.environ, PYTHONPATH=str(OFFICIAL), PYTHONIOENCODING="utf-8")
        done = subprocess.run([sys.executable, "-c", script], input=base.encode(), capture_output=True, env=env)
        if done.returncode == 0:
            return repeat_to(done.stdout.decode("utf-8"), megabytes)
    return repeat_to(fixture_text(), megabytes)


def _run(engine: str, path: Path, extra_path: str = "") -> dict:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, __file__, "--worker", engine, str(path)], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=6.0, help="size of the test text in MB (default 6)")
    ap.add_argument("--worker", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    have_official = _ensure_official()
    text = _traditional_text(args.mb)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "traditional.txt"
    path.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8")) / 1e6
    results = {"gaptext": _run("gaptext", path)}
    results["official OpenCC 1.4.2"] = _run("official", path, str(OFFICIAL)) if have_official else {"error": "not installed"}
    results["opencc-python-reimplemented"] = _run("reimplemented", path)
    print(f"traditional text: {size:.1f} MB, one core, MB/s (best of 3; reimplemented: 1 run)")
    print(f"{'engine':<30}" + "".join(f"{c:>10}" for c in CONFIGS))
    for name, rates in results.items():
        if "error" in rates:
            print(f"{name:<30}  error: {rates['error']}")
            continue
        print(f"{name:<30}" + "".join(f"{rates[c]:>10.1f}" for c in CONFIGS))
    official = results["official OpenCC 1.4.2"]
    if "error" not in official and "error" not in results["gaptext"]:
        print(f"{'gaptext / official':<30}" + "".join(f"{results['gaptext'][c] / official[c]:>9.2f}x" for c in CONFIGS))


if __name__ == "__main__":
    main()
