"""README.md's opening commands and its API lines do what the README says.

CI runs the README's test command; these tests run the rest of what a
newcomer copies first: the command that cleans the bundled document (its
output must be the reviewed golden file, byte for byte) and the API lines
whose result the README shows in a comment.
"""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import sys
from pathlib import Path

import gaptext

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_block(language: str) -> list:
    match = re.search(rf"```{language}\n(.*?)```", README, re.S)
    assert match, f"README has no {language} block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_first_command_prints_the_golden_clean_text():
    command = _first_block("bash")[0].split("#")[0]
    install, run = (part.strip() for part in command.split("&&"))
    assert install == "pip install ."
    args = shlex.split(run)
    assert args[:3] == ["python", "-m", "gaptext"]
    out = subprocess.run([sys.executable, *args[1:]], cwd=ROOT, capture_output=True, check=True).stdout
    assert out == (ROOT / "fixtures" / "seed-economic-work-speech.clean.txt").read_bytes()


def test_the_second_command_is_the_test_command_ci_runs():
    assert _first_block("bash")[1].split("#")[0].split("&&")[1].strip() == "python -m pytest"
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("python -m pytest")


def test_api_lines_give_the_results_their_comments_show():
    shown = 0
    for line in _first_block("python"):
        code, _, comment = line.partition("#")
        if not code.startswith("gaptext.") or not re.fullmatch(r"\s*'.*'\s*", comment):
            continue
        assert eval(code, {"gaptext": gaptext}) == ast.literal_eval(comment.strip()), line
        shown += 1
    assert shown >= 1  # (the README shows at least one result: the test is not empty)
