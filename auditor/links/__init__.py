"""The link stage: every distinct target checked once per run, across all sites, and judged."""

from .check import TargetPolicy, check_targets
from .classify import Classifier, link_result_from_fetch
from .ledger import LinkLedger
from .lexicon import Lexicon, load_lexicon
from .missing import MissingPages

__all__ = [
    "Classifier", "Lexicon", "LinkLedger", "MissingPages", "TargetPolicy", "check_targets",
    "link_result_from_fetch", "load_lexicon",
]
