"""A proposal as staff read it (a table in Chinese) and as the config takes it (a TOML snippet).

The snippet is one `[[sites]]` table with its `[[sites.columns]]`, ready to paste into the
config after a person has looked at it. Every column carries its evidence in a comment;
a kind the pages did not confirm is preceded by a `# 请确认：…` line.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from ..models import ColumnKind, SiteKind
from .walk import ColumnProposal, SiteProposal

KINDS = ", ".join(kind.value for kind in ColumnKind)


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML escapes."""
    return json.dumps(value, ensure_ascii=False)


def proposal_toml(proposal: SiteProposal) -> str:
    lines = [
        f"# 由 auditor discover 根据 {proposal.url} 的导航生成（读取 {proposal.pages_read} 个页面）；",
        "# 请逐项核对栏目名称、地址和类型，删去不需审计的栏目，标有“请确认”的类型须人工确认后再粘贴进配置文件。",
        "[[sites]]",
        f"id = {toml_string(proposal.id)}",
        f"name = {toml_string(proposal.name)}",
        f"url = {toml_string(proposal.url)}",
        f"kind = {toml_string(proposal.kind)}  # county | town | department（{_site_kind_label(proposal.kind)}）",
        'unit = ""  # 主管单位，请填写',
    ]
    for column in proposal.columns:
        lines += ["", *column_toml(column)]
    if proposal.unread:
        lines += ["", f"# 页面数已达上限，另有 {len(proposal.unread)} 个导航链接未读取（可用 --max-pages 加大）："]
        lines += [f"#   {url}" for url in proposal.unread[:20]]
    return "\n".join(lines) + "\n"


def column_toml(column: ColumnProposal) -> list[str]:
    label = ColumnKind(column.kind).label
    why = "；".join(column.evidence)
    lines = ["  [[sites.columns]]"]
    if column.uncertain:
        lines.append(f"  # 请确认：类型“{label}”为推测（置信度 {column.confidence:.2f}；{why}）；可选类型：{KINDS}")
    lines += [
        f"  id = {toml_string(column.id)}",
        f"  name = {toml_string(column.name)}",
        f"  url = {toml_string(column.url)}",
        f"  kind = {toml_string(column.kind)}  # {label}，置信度 {column.confidence:.2f}：{why}",
    ]
    return lines


def proposal_table(proposal: SiteProposal) -> str:
    header = (f"网站：{proposal.name}（{proposal.url}）  类型：{_site_kind_label(proposal.kind)}  "
              f"读取页面 {proposal.pages_read} 个，发现栏目 {len(proposal.columns)} 个，"
              f"待确认 {sum(c.uncertain for c in proposal.columns)} 个")
    rows = [("序号", "栏目名称", "类型", "置信度", "依据", "地址")]
    for number, column in enumerate(proposal.columns, 1):
        kind = ColumnKind(column.kind).label + ("（请确认）" if column.uncertain else "")
        rows.append((str(number), column.name, kind, f"{column.confidence:.2f}", "；".join(column.evidence), column.url))
    if len(rows) == 1:
        return header + "\n未在首页导航中发现栏目。\n"
    return header + "\n" + table(rows)


def table(rows: Sequence[tuple[str, ...]]) -> str:
    """Rows as aligned text, CJK characters counted two columns wide (the last column is not padded)."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths, strict=False)]
        out.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(out) + "\n"


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _site_kind_label(kind: str) -> str:
    member = SiteKind.of(kind)
    return member.label if member else kind
