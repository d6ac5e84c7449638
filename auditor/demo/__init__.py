"""The built-in simulated estate: 清河县 (fictional), 32 government websites on 127.0.0.x.

    >>> from datetime import date
    >>> from auditor.demo import build_estate, serve_estate
    >>> estate = build_estate(date(2026, 11, 28))            # the model alone, no server
    >>> with serve_estate(date(2026, 11, 28)) as handle:      # a server process for the block
    ...     text = handle.config_toml(storage_url="sqlite:///demo.db")

Layout: `model.py` (the values), `roster.py` (who), `history.py` (when items appear),
`build.py` (the estate), `items.py` (a column's items and their ids), `plants.py` +
`planter.py` (planted problems and traps, the truth), `paths.py`, `pages.py`,
`articles.py`, `assets.py`, `outside.py` (what is served), `respond.py` (host + path to
reply), `server.py` (aiohttp, its own process), `handle.py` (`serve_estate`),
`config_writer.py` (the auditor config for it).
"""

from __future__ import annotations

from .build import build_estate
from .handle import EstateHandle, EstateStartError, serve_estate
from .model import ColumnSpec, Estate, Item, Planted, SiteSpec, Trap
from .plants import CHECK_TYPES

__all__ = [
    "CHECK_TYPES", "ColumnSpec", "Estate", "EstateHandle", "EstateStartError", "Item", "Planted",
    "SiteSpec", "Trap", "build_estate", "serve_estate",
]
