"""Units small enough to hold in the head: the limits a maintainer can rely on.

No Python module of engine/ or build_scripts/ over 400 lines, no class or function over 150,
no page script over 250 lines; the engine imports nothing outside the standard library.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sorted((ROOT / "engine").glob("*.py")) + sorted((ROOT / "build_scripts").rglob("*.py"))
SCRIPTS = sorted((ROOT / "docs" / "assets" / "js").glob("*.js"))


def _name(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", PYTHON, ids=_name)
def test_python_module_and_its_definitions_are_short(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{_name(path)} : {len(text.splitlines())} lignes"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= 150, f"{_name(path)}:{node.lineno} {node.name} : {length} lignes"


@pytest.mark.parametrize("path", SCRIPTS, ids=_name)
def test_page_script_is_short(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 250


def test_engine_imports_only_the_standard_library():
    for path in sorted((ROOT / "engine").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                # PyYAML is imported lazily by the command line only, to read a situation file.
                assert top in sys.stdlib_module_names or (path.name == "cli.py" and top == "yaml"), f"{path.name} : {name}"
