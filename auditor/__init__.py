"""auditor: a compliance checker and link auditor for government web estates."""

__version__ = "0.1.0"
