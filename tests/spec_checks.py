"""The check types SPEC §4 names, and those of them not built yet (issue 19's)."""

from __future__ import annotations

import re

# SPEC §4 names four content and security checks that issue 19 builds
NOT_BUILT_YET: frozenset[str] = frozenset()


# the demo estate (auditor/demo) plants none of issue 19's content and security checks
ISSUE_19_CHECKS = frozenset({"content.wording", "content.personal_data", "link.hidden", "site.https"})


def spec_check_types(spec: str) -> set[str]:
    """The check types in SPEC §4's table; `spec` is SPEC.md's text (the `spec_text` fixture)."""
    section = spec.split("## 4.", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", section, flags=re.M))


def built_spec_check_types(spec: str) -> set[str]:
    return spec_check_types(spec) - NOT_BUILT_YET
