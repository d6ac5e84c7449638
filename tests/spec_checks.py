"""The check types SPEC §4 names, and those of them not built yet (issue 19's)."""

from __future__ import annotations

import re
from pathlib import Path

SPEC = Path(__file__).resolve().parents[2] / "shared" / "SPEC.md"
# SPEC §4 names four content and security checks that issue 19 builds
NOT_BUILT_YET = frozenset({"content.wording", "content.personal_data", "link.hidden", "site.https"})


def spec_check_types() -> set[str]:
    section = SPEC.read_text(encoding="utf-8").split("## 4.", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z]+\.[a-z]+)` \|", section, flags=re.M))


def built_spec_check_types() -> set[str]:
    return spec_check_types() - NOT_BUILT_YET
