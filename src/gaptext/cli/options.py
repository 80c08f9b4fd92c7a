"""The repair switches shared by ``gaptext FILE`` and ``gaptext clean``."""

from __future__ import annotations

import argparse

from ..config import CONVERSIONS, Config

__all__ = ["STEP_SWITCHES", "add_step_switches", "add_repair_options", "config_from_args"]

#: The :class:`~gaptext.Config` fields that switch a step on or off.
STEP_SWITCHES = ("mojibake", "pinyin", "punctuation", "gaps")


def add_step_switches(parser, unset: bool = False) -> None:
    """Add ``--convert`` and ``--no-<step>``.  With ``unset``, an option not given
    is ``None`` (the linter then takes the value from its configuration files)."""
    parser.add_argument(
        "--convert",
        default=None if unset else "t2s",
        choices=[*CONVERSIONS, "none"],
        help="OpenCC conversion for traditional text, or none to keep the script (default: t2s)",
    )
    for name in STEP_SWITCHES:
        parser.add_argument(f"--no-{name}", dest=name, action="store_const", const=False,
                            default=None if unset else True, help=f"switch off the {name} step")


def add_repair_options(parser) -> None:
    """Add ``--convert``, ``--no-<step>``, ``--fill`` and ``--gap-marker`` to ``parser`` (or a group)."""
    add_step_switches(parser)
    parser.add_argument("--fill", action="store_true", help="write gap content the text proves (三 of 三是)")
    parser.add_argument("--gap-marker", default=None, help="insert this marker at each gap, e.g. '〔{kind}〕'")


def config_from_args(args: argparse.Namespace) -> Config:
    """The :class:`~gaptext.Config` the options of :func:`add_repair_options` ask for."""
    return Config(
        mojibake=args.mojibake,
        pinyin=args.pinyin,
        convert=None if args.convert == "none" else args.convert,
        punctuation=args.punctuation,
        gaps=args.gaps,
        fill=args.fill,
        gap_marker=args.gap_marker,
    )
