"""wizard.costing stays pure: no Flask, SQLAlchemy or database model imports."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "wizard" / "costing"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "wizard.models", "wizard.db", "wizard.app")


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name if name.endswith("_") else name + ".")
               for name in FORBIDDEN)


def test_package_has_modules():
    assert (PACKAGE / "__init__.py").exists()


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_framework_import(path):
    modules = list(imported_modules(ast.parse(path.read_text(encoding="utf-8"))))
    assert not [m for m in modules if is_forbidden(m)]


def test_module_sizes():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 300, path.name


def test_importing_costing_does_not_load_flask():
    code = ("import sys, wizard.costing; "
            "sys.exit('flask' in sys.modules or 'sqlalchemy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parents[1]).returncode == 0
