"""Which files to check: paths given, directories walked, ``.gitignore`` respected.

Patterns (``.gitignore`` lines, and the ``include``/``exclude`` settings)
follow gitignore(5): ``*`` ``?`` ``[...]`` stay within a path segment,
``**`` crosses segments, a trailing ``/`` matches directories only, a
pattern with a ``/`` before its end is anchored to its base directory, one
without matches at any depth, ``!`` re-includes, the last match wins, and a
deeper ``.gitignore`` overrides a shallower one.  A test compares the walk
with ``git ls-files --others --exclude-standard``.  No dependency: the
``pathspec`` package implements the same, but translating gitignore lines
to regular expressions is a page of code and keeps the linter dependency-free.

>>> p = compile_pattern("docs/**/*.txt")
>>> bool(p.regex.match("docs/a/b/c.txt")), bool(p.regex.match("x/docs/c.txt"))
(True, False)
>>> compile_pattern("build/").dir_only
True
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, NamedTuple, Optional, Sequence, Union

from .settings import DEFAULT_EXCLUDE, Resolver, Settings

__all__ = ["Pattern", "PatternList", "compile_pattern", "walk", "Target", "Problem"]


@dataclass(frozen=True)
class Pattern:
    regex: "re.Pattern[str]"
    negate: bool
    dir_only: bool
    source: str


def compile_pattern(line: str) -> Optional[Pattern]:
    """One gitignore line as a :class:`Pattern` (``None`` for blanks and comments)."""
    source = line
    line = line.rstrip("\r\n")
    if not line or line.startswith("#"):
        return None
    # Trailing spaces are dropped unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    if dir_only:
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    body = _translate(line)
    prefix = "" if anchored else "(?:.*/)?"
    return Pattern(re.compile(prefix + body + r"\Z", re.DOTALL), negate, dir_only, source.rstrip("\r\n"))


_STAR = None  # a ``*`` within a path segment, placed by _assemble


def _translate(p: str) -> str:
    out: list = []  # regex pieces, and _STAR for each in-segment star
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        at_segment_start = i == 0 or p[i - 1] == "/"
        if c == "*" and p.startswith("**", i) and at_segment_start and (i + 2 == n or p[i + 2] == "/"):
            if i + 2 == n:
                out.append(".*")  # trailing /**: everything inside
                i += 2
            else:
                out.append("(?:[^/]*/)*")  # **/: zero or more directories
                i += 3
        elif c == "*":
            while i < n and p[i] == "*":
                i += 1
            out.append(_STAR)
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and p[j] in "!^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))
                i += 1
                continue
            inner = p[i + 1:j]
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            inner = inner.replace("\\", "\\\\")
            out.append("(?!/)[" + inner + "]")
            i = j + 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(p[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return _assemble(out)


def _assemble(pieces: list) -> str:
    """Join the pieces; every star but the last of its path segment matches
    its following literal text at the first place it can, atomically (a
    lookahead and a back-reference, as :mod:`fnmatch` does), so a pattern
    like ``a*a*a*b`` cannot backtrack catastrophically on ``aaaa…``.  For
    ``*`` and fixed-length text, the earliest match is always a right one."""
    out: List[str] = []
    group = 0
    i, n = 0, len(pieces)
    while i < n:
        piece = pieces[i]
        if piece is not _STAR:
            out.append(piece)
            i += 1
            continue
        j = i + 1
        while j < n and pieces[j] is not _STAR and pieces[j] != "/" and not pieces[j].startswith(("(?:", ".*")):
            j += 1
        literal = "".join(pieces[i + 1:j])
        if j < n and pieces[j] is _STAR and literal:
            group += 1
            out.append(f"(?=(?P<g{group}>[^/]*?{literal}))(?P=g{group})")
        else:
            out.append("[^/]*" + literal)
        i = j
    return "".join(out)


class PatternList:
    """The patterns of one file (or setting), relative to ``base``."""

    def __init__(self, base: str, lines: Iterable[str]):
        self.base = base
        self.patterns = [p for p in map(compile_pattern, lines) if p is not None]

    @classmethod
    def from_file(cls, base: str, path: str) -> Optional["PatternList"]:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                lines = fh.read().splitlines()
        except OSError:
            return None
        patterns = cls(base, lines)
        return patterns if patterns.patterns else None

    def match(self, path: str, is_dir: bool) -> Optional[bool]:
        """True (ignored), False (re-included by ``!``) or None (no pattern matches).

        ``path`` is absolute; outside ``base`` nothing matches.
        """
        rel = _relative(path, self.base)
        if rel is None:
            return None
        for p in reversed(self.patterns):
            if p.dir_only and not is_dir:
                continue
            if p.regex.match(rel):
                return not p.negate
        return None


def _relative(path: str, base: str) -> Optional[str]:
    if path == base:
        return None
    prefix = base.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix):]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


class Target(NamedTuple):
    path: Path  # as given or joined onto what was given
    settings: Settings


class Problem(NamedTuple):
    path: str
    message: str


def _git_top(directory: str) -> Optional[str]:
    d = directory
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _ancestor_ignores(directory: str) -> List[PatternList]:
    """``.git/info/exclude`` and the ``.gitignore`` files above ``directory``, shallow first."""
    top = _git_top(directory)
    if top is None:
        return []
    found = []
    info = PatternList.from_file(top, os.path.join(top, ".git", "info", "exclude"))
    if info:
        found.append(info)
    chain = []
    d = os.path.dirname(directory)
    while len(d) >= len(top):
        chain.append(d)
        if d == top:
            break
        d = os.path.dirname(d)
    for folder in reversed(chain):
        patterns = PatternList.from_file(folder, os.path.join(folder, ".gitignore"))
        if patterns:
            found.append(patterns)
    return found


def _ignored(path: str, is_dir: bool, stack: Sequence[PatternList]) -> bool:
    for patterns in reversed(stack):  # the deepest file decides first
        hit = patterns.match(path, is_dir)
        if hit is not None:
            return hit
    return False


def excluded(path: Path, settings: Settings) -> bool:
    """Whether a path given on the command line is excluded (itself or a folder above it)."""
    full = os.path.abspath(path)
    patterns = PatternList(os.path.abspath(settings.root), (*DEFAULT_EXCLUDE, *settings.exclude))
    if patterns.match(full, False):
        return True
    d = os.path.dirname(full)
    while d != os.path.dirname(d):
        if patterns.match(d, True):
            return True
        d = os.path.dirname(d)
    return False


def walk(paths: Sequence[str], resolver: Resolver) -> Iterator[Union[Target, Problem]]:
    """The files to check, in order, and a :class:`Problem` for each bad path."""
    seen = set()
    for given in paths:
        path = Path(given)
        try:
            st_dir = path.is_dir()
            exists = st_dir or path.exists()
        except OSError as exc:
            yield Problem(given, exc.strerror or str(exc))
            continue
        if not exists:
            yield Problem(given, "No such file or directory")
            continue
        if not st_dir:
            settings = resolver.for_file(path)
            key = os.path.realpath(path)
            if key not in seen and not excluded(path, settings):
                seen.add(key)
                yield Target(path, settings)
            continue
        settings = resolver.for_directory(path)
        yield from _walk_dir(path, settings, seen, resolver)


def _walk_dir(root: Path, settings: Settings, seen: set, resolver: Resolver) -> Iterator[Union[Target, Problem]]:
    top = os.path.abspath(root)
    # Patterns are relative to the configuration's directory, or to the
    # directory walked when that lies outside it.
    base = os.path.abspath(settings.root)
    if top != base and _relative(top, base) is None:
        base = top
    excludes = PatternList(base, (*DEFAULT_EXCLUDE, *settings.exclude))
    includes = PatternList(base, settings.include)
    stack: List[PatternList] = _ancestor_ignores(top) if settings.respect_gitignore else []

    def visit(directory: str, shown: Path) -> Iterator[Union[Target, Problem]]:
        pushed = False
        if settings.respect_gitignore:
            patterns = PatternList.from_file(directory, os.path.join(directory, ".gitignore"))
            if patterns:
                stack.append(patterns)
                pushed = True
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Problem(str(shown), exc.strerror or str(exc))
            entries = []
        for entry in entries:
            full = os.path.join(directory, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if not (is_dir or is_file):
                continue
            if excludes.match(full, is_dir) or _ignored(full, is_dir, stack):
                continue
            if is_dir:
                yield from visit(full, shown / entry.name)
            elif includes.match(full, False):
                key = os.path.realpath(full)
                if key not in seen:
                    seen.add(key)
                    yield Target(shown / entry.name, resolver.for_file(Path(full)))
        if pushed:
            stack.pop()

    yield from visit(top, root)
