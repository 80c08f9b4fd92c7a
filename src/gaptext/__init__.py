"""gaptext: repair Chinese text damaged by template sites and crawls, and flag what was cut.

>>> import gaptext
>>> gaptext.clean("發(fā)展經(jīng)濟,改善民生")
'发展经济，改善民生'
"""

from __future__ import annotations

from typing import Optional

from .config import Config
from .conversion import convert
from .report import Edit, Finding, Gap, OffsetMap, Report

__version__ = "0.1.0"

__all__ = [
    "clean",
    "repair",
    "convert",
    "Config",
    "Report",
    "Gap",
    "Edit",
    "Finding",
    "OffsetMap",
    "__version__",
]


def repair(text: str, config: Optional[Config] = None, **overrides) -> Report:
    """Repair ``text`` and report every edit, finding and gap.

    ``config`` defaults to :class:`Config()`; keyword overrides change single
    fields (``repair(text, convert=None)``).  A non-``str`` raises ``TypeError``.
    """
    from . import config as _config
    from .pipeline import run

    if not isinstance(text, str):
        raise TypeError(f"repair() takes a str, not {type(text).__name__}")
    return run(text, _config.resolve(config, overrides))


def clean(text: str, config: Optional[Config] = None, **overrides) -> str:
    """The repaired text alone: ``repair(text, ...).text``, without the bookkeeping."""
    from . import config as _config
    from .pipeline import clean_text

    if not isinstance(text, str):
        raise TypeError(f"clean() takes a str, not {type(text).__name__}")
    return clean_text(text, _config.resolve(config, overrides))
