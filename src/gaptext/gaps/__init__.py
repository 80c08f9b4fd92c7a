"""Gap detection (redactions and masks) runs on the clean text.

The rule families arrive with their own issue; until then no gap is
reported, and the report passes through unchanged.
"""

from __future__ import annotations

from ..config import Config
from ..report import Report

__all__ = ["detect"]


def detect(report: Report, config: Config) -> Report:
    """Add the gaps found in ``report.text`` to ``report`` (none yet)."""
    return report
