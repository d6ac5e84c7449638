"""The link stage: every distinct target checked once per run, across all sites."""

from .check import TargetPolicy, check_targets, link_result_from_fetch
from .ledger import LinkLedger

__all__ = ["LinkLedger", "TargetPolicy", "check_targets", "link_result_from_fetch"]
