"""The scheduled service, `auditor schedule`: APScheduler 3 with its jobs in the auditor's database.

    daemon.py   start, job sync with the config, missed and interrupted runs, clean stop
    jobs.py     what each job does: full audit (+ bulletins), cadence check, probes
"""

from .daemon import JOB_KINDS, Service, run_service

__all__ = ["JOB_KINDS", "Service", "run_service"]
