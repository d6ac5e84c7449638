"""The import layers hold and no module imports itself round a cycle (issue 16).

The contracts live in pyproject.toml (`[tool.importlinter]`); `lint-imports` checks them,
here and in `make lint`. The cycle test asks grimp directly, so a cycle between any two
modules fails even where no contract names their package.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def import_cycles(package: str) -> list[list[str]]:
    """Each set of modules of `package` that import one another round a cycle."""
    graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
    return cycles_of({module: sorted(graph.find_modules_directly_imported_by(module)) for module in sorted(graph.modules)})


def cycles_of(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node, each sorted (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            module, next_edge = work.pop()
            if next_edge == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
                on_stack.add(module)
            for position in range(next_edge, len(edges[module])):
                imported = edges[module][position]
                if imported not in index:
                    work.append((module, position + 1))
                    work.append((imported, 0))
                    break
                if imported in on_stack:
                    low[module] = min(low[module], index[imported])
            else:
                if low[module] == index[module]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
    return cycles


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert import_cycles("auditor") == []


def test_cycles_are_found_however_long() -> None:
    edges = {"a": ["b"], "b": ["c", "e"], "c": ["a"], "d": ["d2"], "d2": ["d"], "e": [], "f": ["a", "e"]}
    assert cycles_of(edges) == [["a", "b", "c"], ["d", "d2"]]
    assert cycles_of({"a": ["b"], "b": ["c"], "c": []}) == []
    assert cycles_of({f"m{n}": [f"m{n + 1}"] for n in range(5000)} | {"m5000": ["m0"]}) == [
        sorted(f"m{n}" for n in range(5001))
    ]
