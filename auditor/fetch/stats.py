"""Counters of one Fetcher's work, for the run summary and the benchmarks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..models import Outcome


@dataclass
class FetchStats:
    requests: int = 0  # HTTP requests sent: retries, redirect hops and robots.txt included
    bytes_received: int = 0  # on the wire, before decompression
    retries: int = 0
    retries_spared: int = 0  # 500s final at once: their script answered 500 twice in a row before (retry.ScriptErrors)
    head_fallbacks: int = 0  # HEAD answers not believed, asked again with GET
    redirects_read_already: int = 0  # redirects ended unasked at a page the caller had read (Fetcher.fetch)
    head_final: int = 0  # HEAD 404/410 believed without a GET (the host's HEAD proved honest)
    robots_fetched: int = 0  # robots.txt files requested (one per origin)
    robots_unreachable: int = 0  # of those, the ones that answered 5xx or not at all
    outcomes: Counter[Outcome] = field(default_factory=Counter)  # one per fetch() call
