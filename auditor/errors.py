"""The error tree. Catch the base that fits.

    AuditorError                    anything this program raises on purpose
    ├── UsageError                  exit 2: bad command-line arguments
    ├── ConfigError                 exit 2: the config or a ruleset is refused (file, key, line, fix)
    │   └── RulesetError            exit 2: a ruleset file is refused
    ├── StorageError                exit 2: the database URL cannot be opened or migrated
    └── RunError                    exit 3: an audit run could not complete

An error on one page, one link or one site is never raised: it becomes a recorded
outcome (see `auditor.models.Outcome`). Only a bad config or a dead database stops a run.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_RUN_FAILED = 3


class AuditorError(Exception):
    exit_code = EXIT_USAGE
    shown_as = "错误 (error): "  # what the command line prints before the message


class UsageError(AuditorError):
    exit_code = EXIT_USAGE


class ConfigError(AuditorError):
    """A config file refused: each problem names the file, the key and what is wrong."""

    exit_code = EXIT_USAGE
    header = "配置文件有误 (config refused)"

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.header}: {self.file}"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class RulesetError(ConfigError):
    header = "规则集文件有误 (ruleset refused)"


class StorageError(AuditorError):
    exit_code = EXIT_USAGE


class RunError(AuditorError):
    exit_code = EXIT_RUN_FAILED
