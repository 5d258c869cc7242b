"""The package's layers, read from its imports (docs/architecture.md): every import goes to the
same layer or a lower one, and no two units import each other, even through others."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "wizard"

# Lowest first. A unit is a subpackage or a root module of wizard/.
LAYERS = [
    {"costing", "document", "formats"},  # pure
    {"db", "models", "mail"},
    {"reference", "forms", "accounts", "permissions", "notifications"},
    {"operations"},
    {"steps"},
    {"flow"},
    {"pdf"},
    {"review"},
    {"workflow"},
    {"web"},
    {"auth", "lead", "adviser", "prefecture", "admin", "api", "cli", "app", "__init__"},
]
LAYER = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def unit_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py")


def imported_units(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "wizard" and len(parts) > 1 and parts[1] in LAYER:
                out.add(parts[1])
    return out


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        unit = unit_of(path)
        edges.setdefault(unit, set()).update(imported_units(path) - {unit})
    return edges


def test_every_unit_has_a_layer():
    assert set(graph()) <= set(LAYER), sorted(set(graph()) - set(LAYER))


def test_no_import_goes_up_a_layer():
    upward = sorted(f"{a} → {b}" for a, targets in graph().items() for b in targets
                    if LAYER[b] > LAYER[a])
    assert not upward


def test_no_import_circle():
    edges = graph()
    seen, stack = set(), []

    def visit(unit):
        if unit in stack:
            raise AssertionError("import circle: " + " → ".join(stack[stack.index(unit):] + [unit]))
        if unit in seen:
            return
        stack.append(unit)
        for target in sorted(edges.get(unit, ())):
            visit(target)
        stack.pop()
        seen.add(unit)

    for unit in sorted(edges):
        visit(unit)


def test_root_holds_few_modules_and_no_module_is_long():
    assert len(list(PACKAGE.glob("*.py"))) <= 12
    long = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                  if len(p.read_text(encoding="utf-8").splitlines()) > 300)
    assert not long
