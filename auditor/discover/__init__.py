"""Discovery: a site's columns proposed from its navigation (`auditor discover URL`), and the
configured columns compared with the live site (`auditor discover --check`).

    proposal = discover_columns("http://www.example.gov.cn/", max_pages=40)
    print(proposal_table(proposal)); print(proposal_toml(proposal))

Modules: `walk` (the bounded, polite walk from the home page), `navigation` (the column
links of a page: menus, nav bars, script-written menus, JavaScript menu arrays),
`naming` (kinds from names and folder codes; ids), `shape` (what a column's pages
show, and the kind judged with its evidence and confidence), `render` (the table and
the TOML snippet), `check` (moved, vanished and appeared columns).
"""

from .check import Change, changes_table, check_sites
from .render import proposal_table, proposal_toml
from .walk import ColumnProposal, SiteProposal, discover
from .walk import discover as discover_columns

__all__ = [
    "Change",
    "ColumnProposal",
    "SiteProposal",
    "changes_table",
    "check_sites",
    "discover",
    "discover_columns",
    "proposal_table",
    "proposal_toml",
]
