"""The one configuration object: a frozen dataclass, every step switchable."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Optional

#: Conversions the script step and :func:`gaptext.convert` accept.
CONVERSIONS = ("t2s", "tw2s", "hk2s")


@dataclass(frozen=True)
class Config:
    """What :func:`gaptext.clean` and :func:`gaptext.repair` do.

    >>> Config().convert
    't2s'
    >>> Config(convert=None).convert is None
    True
    >>> Config(convert="s2t")
    Traceback (most recent call last):
      ...
    ValueError: convert must be one of 't2s', 'tw2s', 'hk2s' or None, not 's2t'
    """

    mojibake: bool = True
    """Repair encoding damage (mojibake, GBK read out of step)."""
    pinyin: bool = True
    """Drop inline pinyin readings such as ``發(fā)``."""
    convert: Optional[str] = "t2s"
    """OpenCC conversion for traditional text, or ``None`` to keep the script."""
    punctuation: bool = True
    """Fullwidth marks in Chinese context, doubled marks, broken paragraphs."""
    gaps: bool = True
    """Detect gaps (redactions and masks)."""
    fill: bool = False
    """Write gap content that the text proves (the 三 of 三是) into the text."""
    gap_marker: Optional[str] = None
    """A marker such as ``"〔{kind}〕"`` inserted at each gap in ``report.text``."""

    def __post_init__(self) -> None:
        for name in ("mojibake", "pinyin", "punctuation", "gaps", "fill"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
        if self.convert is not None and self.convert not in CONVERSIONS:
            allowed = ", ".join(repr(c) for c in CONVERSIONS)
            raise ValueError(f"convert must be one of {allowed} or None, not {self.convert!r}")
        if self.gap_marker is not None and not isinstance(self.gap_marker, str):
            raise TypeError(f"gap_marker must be a str or None, not {type(self.gap_marker).__name__}")

    def replace(self, **overrides: Any) -> "Config":
        """A copy with some fields changed; unknown names raise ``TypeError``."""
        if not overrides:
            return self
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise TypeError(f"unknown Config option(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **overrides)


DEFAULT = Config()


def resolve(config: Optional[Config], overrides: dict) -> Config:
    """The config a call runs with: ``config`` (or the default) plus overrides."""
    if config is None:
        config = DEFAULT
    elif not isinstance(config, Config):
        raise TypeError(f"config must be a gaptext.Config, not {type(config).__name__}")
    return config.replace(**overrides)
