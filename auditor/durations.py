"""Durations written the way the office writes deadlines: `1d`, `3d`, `2w`, `6mo`, `1y`, `12h`."""

from __future__ import annotations

import re

_UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "mo": 30.0, "y": 365.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|d|w|mo|y)\s*$")


def parse_days(text: str) -> float:
    """Return the duration in days; ValueError with the accepted forms otherwise.

    >>> parse_days("3d"), parse_days("2w"), parse_days("6mo")
    (3.0, 14.0, 180.0)
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(
            f"invalid duration {text!r}: write a number and a unit h, d, w, mo or y, e.g. '1d', '2w', '6mo'"
        )
    return float(match.group(1)) * _UNIT_DAYS[match.group(2)]
