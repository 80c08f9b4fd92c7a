"""Configuration: ``[tool.gaptext]`` in ``pyproject.toml``, or a ``.gaptext.toml``.

The file that governs a document is the nearest one found upward from the
document's directory (a ``pyproject.toml`` without ``[tool.gaptext]`` does
not count; in one directory ``.gaptext.toml`` wins).  ``.gaptext.toml``
holds the keys at its top level.  Keys (all optional)::

    select = ["ALL"]              # codes or prefixes to report (ruff-style)
    ignore = ["S101"]             # codes or prefixes to leave alone
    per-file-ignores = {"notes/*.txt" = ["L"]}
    include = ["*.txt", "*.md"]   # files taken when a directory is walked
    exclude = ["drafts/"]         # gitignore-style, added to the defaults
    respect-gitignore = true
    mojibake = true               # the pipeline's switches (gaptext.Config)
    pinyin = true
    convert = "t2s"               # "t2s" | "tw2s" | "hk2s" | "none"
    punctuation = true
    gaps = true
    fill = false                  # --fix writes inferred gap content
    output-encoding = "utf-8"     # --fix converts files to this encoding

An unknown key or a wrong type is an error that names the key and the file.
Patterns are relative to the directory holding the configuration file.
"""

from __future__ import annotations

import codecs
import difflib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from ..config import CONVERSIONS, Config
from .rules import CodeError, parse_codes

__all__ = ["Settings", "SettingsError", "Resolver", "find_config", "load_file", "DEFAULT_INCLUDE", "DEFAULT_EXCLUDE"]

DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.rst", "*.html", "*.htm")
DEFAULT_EXCLUDE = (
    ".git/", ".hg/", ".svn/", ".bzr/", "_darcs/", "node_modules/", "__pycache__/", ".venv/", "venv/",
    ".tox/", ".nox/", ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", "*.gaptext-tmp",
)

CONFIG_FILES = (".gaptext.toml", "pyproject.toml")


class SettingsError(ValueError):
    """A configuration file that cannot be used (the message names file and key)."""


@dataclass(frozen=True)
class Settings:
    """Everything that decides how one document is checked."""

    root: str = "."  # patterns are relative to this directory
    config_file: Optional[str] = None
    select: Tuple[str, ...] = ("",)
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    include: Tuple[str, ...] = DEFAULT_INCLUDE
    exclude: Tuple[str, ...] = ()
    respect_gitignore: bool = True
    # the pipeline's switches, with the library's defaults
    mojibake: bool = Config.mojibake
    pinyin: bool = Config.pinyin
    convert: Optional[str] = Config.convert
    punctuation: bool = Config.punctuation
    gaps: bool = Config.gaps
    fill: bool = Config.fill
    output_encoding: Optional[str] = None


def _codes(key: str, where: str):
    def check(value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{where}: '{key}' must be a list of codes such as [\"P\", \"S101\"]")
        try:
            return parse_codes(value)
        except CodeError as exc:
            raise SettingsError(f"{where}: '{key}': {exc}") from None

    return check


def _strings(key: str, where: str):
    def check(value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{where}: '{key}' must be a list of strings")
        return tuple(value)

    return check


def _bool(key: str, where: str):
    def check(value):
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: '{key}' must be true or false, not {value!r}")
        return value

    return check


def _convert(key: str, where: str):
    def check(value):
        if value is False or value == "none":
            return None
        if value not in CONVERSIONS:
            allowed = ", ".join(f'"{c}"' for c in (*CONVERSIONS, "none"))
            raise SettingsError(f"{where}: '{key}' must be one of {allowed}, not {value!r}")
        return value

    return check


def _encoding(key: str, where: str):
    def check(value):
        if not isinstance(value, str):
            raise SettingsError(f"{where}: '{key}' must be an encoding name such as \"utf-8\"")
        try:
            codecs.lookup(value)
        except LookupError:
            raise SettingsError(f"{where}: '{key}': unknown encoding {value!r}") from None
        return value

    return check


def _per_file(key: str, where: str):
    def check(value):
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: '{key}' must be a table of pattern = [codes]")
        return tuple((pattern, _codes(f"{key}.{pattern}", where)(codes)) for pattern, codes in value.items())

    return check


_KEYS = {
    "select": _codes,
    "ignore": _codes,
    "per-file-ignores": _per_file,
    "include": _strings,
    "exclude": _strings,
    "respect-gitignore": _bool,
    "mojibake": _bool,
    "pinyin": _bool,
    "convert": _convert,
    "punctuation": _bool,
    "gaps": _bool,
    "fill": _bool,
    "output-encoding": _encoding,
}


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return _toml().load(fh)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None


def _table(path: Path, data: dict) -> Optional[dict]:
    """The gaptext table of a parsed config file, or None (pyproject without one)."""
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "gaptext" not in tool:
            return None
        table = tool["gaptext"]
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [tool.gaptext] must be a table")
        return table
    return data


def load_file(path: Path, required: bool = False) -> Optional[Dict[str, Any]]:
    """The validated options of one configuration file (keys as in :class:`Settings`)."""
    path = Path(path)
    table = _table(path, _read_toml(path))
    if table is None:
        if required:
            raise SettingsError(f"{path}: no [tool.gaptext] table")
        return None
    where = f"{path}" + (" [tool.gaptext]" if path.name == "pyproject.toml" else "")
    options: Dict[str, Any] = {}
    for key, value in table.items():
        check = _KEYS.get(key)
        if check is None:
            close = difflib.get_close_matches(key.replace("_", "-"), list(_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise SettingsError(f"{where}: unknown key '{key}'{hint}")
        options[key.replace("-", "_")] = check(key, where)(value)
    return options


def find_config(directory: Path) -> Optional[Path]:
    """The nearest configuration file at or above ``directory`` (not validated)."""
    directory = Path(os.path.abspath(directory))
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _mentions_gaptext(candidate):
                    continue
                return candidate
    return None


def _mentions_gaptext(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if b"gaptext" not in data:
        return False
    try:
        return _table(path, _toml().loads(data.decode("utf-8"))) is not None
    except (ValueError, UnicodeDecodeError):
        return True  # broken, but meant for us: load_file will say why


class Resolver:
    """Settings per document: the nearest config file, then the command line on top."""

    def __init__(self, overrides: Dict[str, Any], config_file: Optional[str] = None, isolated: bool = False):
        self.overrides = overrides
        self.isolated = isolated
        self.forced = Path(config_file) if config_file else None
        self._by_dir: Dict[str, Settings] = {}
        self._by_file: Dict[Path, Settings] = {}

    def for_directory(self, directory: Path) -> Settings:
        key = os.path.abspath(directory)
        hit = self._by_dir.get(key)
        if hit is None:
            if self.forced is not None:
                path = self.forced
            elif self.isolated:
                path = None
            else:
                path = find_config(Path(key))
            hit = self._by_dir[key] = self._settings(path)
        return hit

    def for_file(self, path: Path) -> Settings:
        return self.for_directory(Path(os.path.abspath(path)).parent)

    def _settings(self, path: Optional[Path]) -> Settings:
        if path is not None:
            hit = self._by_file.get(path)
            if hit is not None:
                return hit
        settings = Settings(root=os.getcwd())
        if path is not None:
            options = load_file(path, required=self.forced is not None) or {}
            settings = replace(settings, root=str(Path(os.path.abspath(path)).parent), config_file=str(path), **options)
        o = self.overrides
        changes: Dict[str, Any] = {}
        for name, value in o.items():
            if value is None:
                continue
            if name == "ignore":
                value = tuple(dict.fromkeys(settings.ignore + value))
            elif name == "exclude":
                value = settings.exclude + value
            changes[name] = value
        settings = replace(settings, **changes)
        if path is not None:
            self._by_file[path] = settings
        return settings
