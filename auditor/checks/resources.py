"""Verdicts on the resources a page refers to (leader photos, service forms), in words.

The crawler checks these URLs like links and leaves the verdicts in
`SiteSnapshot.resources`. A URL with no verdict was not checked: it is not judged.
Only failures count (broken, timeout, wrong); unverified, robots and excluded do not.
"""

from __future__ import annotations

from ..models import Outcome, SiteSnapshot, describe_reason


def resource_failure(site: SiteSnapshot, url: str) -> str | None:
    """Why the resource at `url` failed, for office staff (`HTTP 404`, `访问超时`); None when it did not."""
    result = site.resources.get(url)
    if result is None or not result.outcome.is_failure:
        return None
    if result.outcome is Outcome.WRONG and not result.error:
        return Outcome.WRONG.label
    return describe_reason(result.error, result.status)
