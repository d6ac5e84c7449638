"""`auditor serve`: the read-only web dashboard (issue 17, item 6).

    /                        every site of the run, ranked per ruleset: score or 不合格 and why,
                             open problems by severity, a score sparkline
    /sites/{site}            its columns against their deadlines, problems, unverified links and checks
    /problems/{problem}      one problem's evidence: source pages, link text, status, redirects, page records
    /problems?check=&severity=&status=&site=    the run's problems, filtered
    /runs/{run}/report.html|.xlsx|.csv           the run's report files (auditor.report.files)

`?run=N` on any page shows run N; the default is the latest complete full run.
"""

from .app import create_app, dashboard_password
from .server import check_bind, is_loopback, run_dashboard, running

__all__ = ["check_bind", "create_app", "dashboard_password", "is_loopback", "run_dashboard", "running"]
