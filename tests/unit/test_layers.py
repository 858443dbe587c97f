"""The layer rules of docs/architecture.md, read from the imports (ast), with the offending import named.

- Inside a feature package (and in `core/`) only modules named `state*` or `views*` import reflex;
  `ui/` and `pages/` are view packages, and the app module `videotermin_app.py` assembles them.
- `core/` imports no feature, `ui/` only `core/`; plain modules never import `ui/` or `pages/`.
- Features use each other through plain-Python modules only. The one allowed exception: a feature's
  state or views may reach the small set of shared states in `SHARED_STATES` (who is calling: the
  advisor's session, the personal link, the media permission; and the advisor's appointment list that
  the waiting area refreshes), because Reflex's `get_state` needs the class. `room.state_waiting` is
  one of them because a revocation (privacy) must take the person out of the room at once: its
  `take_out` delivers the change to every tab in the room and to the advisor's waiting list, which
  needs the room's state classes (the database part is the plain `room.leaving`).
- No import circles, neither between modules nor between packages.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "videotermin_app"
FEATURES = frozenset({"accounts", "booking", "mail", "wizard", "device_check", "room", "privacy", "accessibility"})
VIEW_PACKAGES = frozenset({"ui", "pages"})
APP_MODULES = frozenset({"videotermin_app.videotermin_app"})
SHARED_STATES = frozenset(
    {
        "videotermin_app.accounts.state_auth",
        "videotermin_app.wizard.state_journey",
        "videotermin_app.wizard.state_media",
        "videotermin_app.booking.state_appointments",
        "videotermin_app.room.state_waiting",
    }
)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} imports {self.target} (line {self.line})"


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(root: Path) -> tuple[dict[str, list[Edge]], dict[str, list[int]]]:
    """Every import of the package's own modules, and the lines where a module imports reflex."""
    name = root.name
    modules = {_module_name(root, p): p for p in root.rglob("*.py")}
    edges: dict[str, list[Edge]] = defaultdict(list)
    reflex_lines: dict[str, list[int]] = defaultdict(list)
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                    for a in node.names
                ]
            for target in targets:
                if target.split(".")[0] in ("reflex",) or target.startswith("reflex_"):
                    reflex_lines[module].append(node.lineno)
                elif target.split(".")[0] == name and target in modules and target != module:
                    edges[module].append(Edge(module, target, node.lineno))
    return edges, reflex_lines


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "(app)"


def is_state_or_view(module: str) -> bool:
    leaf = module.rsplit(".", 1)[-1]
    return leaf.startswith(("state", "views")) or package_of(module) in VIEW_PACKAGES


def layer_violations(root: Path) -> list[str]:
    edges, reflex_lines = read_imports(root)
    problems: list[str] = []
    for module, lines in sorted(reflex_lines.items()):
        if module in APP_MODULES or is_state_or_view(module):
            continue
        problems.append(f"{module} imports reflex (line {lines[0]}) but is neither state* nor views*")
    for edge in (e for group in edges.values() for e in group):
        source, target = package_of(edge.source), package_of(edge.target)
        if source == target:
            continue
        if source == "core":
            problems.append(f"core must not depend on other packages: {edge}")
        elif source == "ui" and target != "core":
            problems.append(f"ui may only use core: {edge}")
        elif target in VIEW_PACKAGES and not is_state_or_view(edge.source) and source != "(app)":
            problems.append(f"a plain module must not import views: {edge}")
        elif target == "pages" and source != "(app)":
            problems.append(f"only the app assembles pages: {edge}")
        elif (
            source in FEATURES
            and target in FEATURES
            and is_state_or_view(edge.target)
            and not (is_state_or_view(edge.source) and edge.target in SHARED_STATES)
        ):
            problems.append(f"features use each other through plain modules only: {edge}")
    problems += [
        f"import circle between modules: {c}"
        for c in _circles({m: {e.target for e in group} for m, group in edges.items()})
    ]
    package_graph: dict[str, set[str]] = defaultdict(set)
    for edge in (e for group in edges.values() for e in group):
        if package_of(edge.source) != package_of(edge.target):
            package_graph[package_of(edge.source)].add(package_of(edge.target))
    problems += [f"import circle between packages: {c}" for c in _circles(package_graph)]
    return problems


def _circles(graph: dict[str, set[str]]) -> list[str]:
    """Strongly connected components with more than one member (Tarjan), as 'a -> b -> a'."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[str] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(" -> ".join(sorted(component)) + " -> " + min(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_keeps_its_layers() -> None:
    problems = layer_violations(PACKAGE)
    assert not problems, "\n".join(problems)


def test_every_feature_package_exists() -> None:
    present = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert FEATURES | VIEW_PACKAGES | {"core"} <= present


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"room/rooms.py": "import reflex as rx\n"}, "videotermin_app.room.rooms imports reflex (line 1)"),
        (
            {"core/db.py": "from videotermin_app.room import rooms\n", "room/rooms.py": ""},
            "core must not depend on other packages: videotermin_app.core.db imports videotermin_app.room.rooms",
        ),
        (
            {"room/rooms.py": "from videotermin_app.wizard import state_consent\n", "wizard/state_consent.py": ""},
            "features use each other through plain modules only",
        ),
        (
            {"room/rooms.py": "from videotermin_app.ui import layout\n", "ui/layout.py": ""},
            "a plain module must not import views",
        ),
        (
            {"room/a.py": "from videotermin_app.room import b\n", "room/b.py": "from videotermin_app.room import a\n"},
            "import circle between modules: videotermin_app.room.a -> videotermin_app.room.b",
        ),
        (
            {
                "room/a.py": "from videotermin_app.wizard import b\n",
                "wizard/b.py": "from videotermin_app.room import c\n",
                "room/c.py": "",
            },
            "import circle between packages: room -> wizard -> room",
        ),
    ],
)
def test_the_checker_names_the_offending_import(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    root = tmp_path / "videotermin_app"
    _write(root, files)
    problems = layer_violations(root)
    assert any(expected in p for p in problems), problems
