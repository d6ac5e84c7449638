"""CMS idiom examples, one module per pattern of `PATTERNS` (see `model`).

Every module of this package but `model` defines `EXAMPLES`; they are gathered here in
module-name order, so adding a pattern's examples is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

from .model import EXAMPLE_AS_OF, PATTERNS, ExampleColumn, IdiomExample, Served, html


def _gather() -> tuple[IdiomExample, ...]:
    found: list[IdiomExample] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "model"):
        found.extend(importlib.import_module(f"{__name__}.{module}").EXAMPLES)
    return tuple(found)


EXAMPLES: tuple[IdiomExample, ...] = _gather()

__all__ = ["EXAMPLES", "EXAMPLE_AS_OF", "PATTERNS", "ExampleColumn", "IdiomExample", "Served", "html"]
