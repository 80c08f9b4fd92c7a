"""The directory walk honours .gitignore exactly as git does.

Oracle: ``git ls-files --others --exclude-standard`` in a fresh repository
(every file untracked) lists the files git does not ignore; the walk, taking
every file name, must list the same.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from gaptext.cli.settings import Resolver
from gaptext.cli.walk import Target, compile_pattern, walk

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed: it is the oracle for .gitignore")

FILES = [
    "a.txt", "b.log", "keep.log", "notes/a.txt", "notes/b.log", "notes/deep/c.txt", "notes/deep/keep.log",
    "build/out.txt", "src/build/x.txt", "src/a.txt", "docs/x.md", "docs/sub/y.md", "docs/sub/z.txt",
    "foo/bar/baz.txt", "foo/qux/bar/baz.txt", "a b.txt", "#hash.txt", "!bang.txt", "x1.txt", "x2.txt", "xa.txt",
    "trail .txt", "deep/a/b/c/d.txt", "deep/keep/d.txt", "logs/2024/app.log", "logs/readme.txt",
]

GITIGNORE = {
    ".gitignore": [
        "# a comment", "*.log", "!keep.log", "/build/", "docs/**/*.md", "foo/**/baz.txt", "a\\ b.txt",
        "\\#hash.txt", "\\!bang.txt", "x[0-9].txt", "trail\\ .txt", "deep/**", "!deep/keep/", "!deep/keep/**",
        "logs/", "",
    ],
    "notes/.gitignore": ["deep/*.txt", "!*.log", "a.txt"],
}


def git_view(root: Path) -> set:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root)}
    subprocess.run([GIT, "init", "-q", str(root)], check=True, env=env)
    out = subprocess.run(
        [GIT, "-C", str(root), "ls-files", "--others", "--exclude-standard", "-z"],
        check=True, capture_output=True, env=env,
    ).stdout
    return {p for p in out.decode("utf-8").split("\0") if p} - {".gaptext.toml"}


def our_view(root: Path, start: Path = None) -> set:
    root.joinpath(".gaptext.toml").write_text('include = ["*"]\n')
    resolver = Resolver({}, None, False)
    found = set()
    for item in walk([str(start or root)], resolver):
        assert isinstance(item, Target), item
        found.add(Path(os.path.relpath(item.path, root)).as_posix())
    return found - {".gaptext.toml"}


def build(root: Path, files, ignores) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")
    for name, lines in ignores.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("\n".join(lines) + "\n")


def test_walk_matches_git_on_a_rich_gitignore(tmp_path):
    build(tmp_path, FILES, GITIGNORE)
    expected = git_view(tmp_path)
    assert our_view(tmp_path) == expected
    # Sanity: the patterns did something, both ways.
    assert "b.log" not in expected and "keep.log" in expected and "deep/keep/d.txt" in expected


def test_walk_from_a_subdirectory_applies_the_parents_gitignore(tmp_path):
    build(tmp_path, FILES, GITIGNORE)
    expected = {p for p in git_view(tmp_path) if p.startswith("notes/")}
    assert our_view(tmp_path, tmp_path / "notes") == expected


def test_git_info_exclude_is_respected(tmp_path):
    build(tmp_path, ["a.txt", "b.txt"], {})
    expected_before = git_view(tmp_path)
    (tmp_path / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("b.txt\n")
    assert "b.txt" in expected_before
    assert our_view(tmp_path) == git_view(tmp_path) == {"a.txt"}


@pytest.mark.parametrize("seed", range(int(os.environ.get("WALK_SEEDS", "12"))))
def test_walk_matches_git_on_random_patterns(tmp_path, seed):
    rng = random.Random(seed)
    names = ["a", "b", "ab", "x1", "log"]
    exts = [".txt", ".log", ".md", ""]
    files = set()
    for _ in range(40):
        depth = rng.randint(0, 3)
        parts = [rng.choice(names) for _ in range(depth)]
        files.add("/".join(parts + [rng.choice(names) + rng.choice(exts)]))
    # A name cannot be both a file and a directory.
    files = {f for f in files if not any(g.startswith(f + "/") for g in files)}
    atoms = ["*", "**", "a", "b", "ab", "x?", "[ab]", "*.txt", "*.log", "log"]
    lines = []
    for _ in range(rng.randint(1, 6)):
        parts = [rng.choice(atoms) for _ in range(rng.randint(1, 3))]
        line = "/".join(parts)
        if rng.random() < 0.2:
            line = "/" + line
        if rng.random() < 0.2:
            line += "/"
        if rng.random() < 0.25:
            line = "!" + line
        lines.append(line)
    build(tmp_path, sorted(files), {".gitignore": lines})
    assert our_view(tmp_path) == git_view(tmp_path), lines


def test_no_respect_gitignore(tmp_path):
    build(tmp_path, ["a.txt", "b.txt"], {".gitignore": ["b.txt"]})
    tmp_path.joinpath(".gaptext.toml").write_text('include = ["*.txt"]\nrespect-gitignore = false\n')
    found = {Path(t.path).name for t in walk([str(tmp_path)], Resolver({}, None, False))}
    assert found == {"a.txt", "b.txt"}


def test_pattern_details():
    assert compile_pattern("# comment") is None and compile_pattern("   ") is None
    p = compile_pattern("!keep/")
    assert p.negate and p.dir_only
    assert compile_pattern("a/**/b").regex.match("a/b")
    assert not compile_pattern("*.txt").regex.match("a/b.txtx")
    # No catastrophic backtracking on an adversarial path.
    import time

    start = time.process_time()
    compile_pattern("**/a*a*a*a*a*a*b/**").regex.match("a" * 3000)
    assert time.process_time() - start < 1.0
