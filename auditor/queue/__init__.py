"""Site audits as Celery tasks (issue 21, part 1): one task per (run, site) on a broker, run by
`auditor worker` processes on any machine that shares the database (docs/distributed.md).

    begin (`runs.begin_queued`)   the run row, its sites' locks held by the queue, one task per site
    site task (`tasks.audit_site`) takes its site's lock, runs the site stage, saves the judgement;
                                  the task that saves the run's last judgement finishes the run
    wait (`runs.wait_for`)        the command or the daemon reads the finished run back from the store

Only imported when `[queue]` is configured: without it nothing here (nor Celery) is loaded.
"""
