"""What each worker process of the batch cleaner runs: repair a chunk of texts.

The configuration is sent once, when the worker starts (:func:`init`); each
task then carries only texts, and returns ``(clean_text, summary)`` per
document, or ``(None, error)`` when gaptext itself failed on one, so that a
single bad document is rejected instead of stopping the run.
"""

from __future__ import annotations

import signal
from typing import List, Optional, Tuple

_config = None
_full = False


def init(config, full: bool, in_process: bool = False) -> None:
    """Set the worker's configuration; a pool worker leaves Ctrl-C to the parent."""
    global _config, _full
    _config, _full = config, full
    if not in_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def clean_one(text: str) -> Tuple[Optional[str], object]:
    from .. import repair
    from ..integrations import summarize

    try:
        report = repair(text, _config)
    except Exception as exc:  # a bug on one document must not stop a corpus run
        return None, f"gaptext failed: {type(exc).__name__}: {exc}"
    return report.text, summarize(report, _full)


#: Touches every step and gap rule, so that their tables are loaded.
WARM_UP = "年全區經(jīng)濟增長*%,是新農村(三是)。當?shù)厝罕娞峁﹥?yōu)先、規(guī)?;?。English 2024."


def warm_up() -> None:
    """Load the tables the configuration needs (before forking the workers)."""
    clean_one(WARM_UP)


def clean_chunk(texts: List[str]) -> List[Tuple[Optional[str], object]]:
    return [clean_one(t) for t in texts]
