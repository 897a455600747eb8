"""The examples in the package's docstrings hold, run against the installed package.

The examples are read from the checkout's sources (compiled modules keep no Python source to
find them in) and run in the namespace of the installed module of the same name.
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph_builder"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if ">>> " in p.read_text(encoding="utf-8"))


def _docstrings(tree: ast.Module) -> list[tuple[str, str, int]]:
    found = []
    for node in [tree, *ast.walk(tree)]:
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            text = ast.get_docstring(node, clean=False)
            if text and ">>> " in text:
                name = getattr(node, "name", "<module>")
                found.append((name, text, node.body[0].lineno if node.body else 0))
    return list(dict.fromkeys(found))


def test_there_are_doctests() -> None:
    assert len(SOURCES) >= 20


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_docstring_examples(path: Path) -> None:
    module_name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    module = importlib.import_module(module_name)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    examples = 0
    report: list[str] = []
    for name, text, line in _docstrings(tree):
        test = parser.get_doctest(text, dict(vars(module)), f"{module_name}.{name}", str(path), line)
        examples += len(test.examples)
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert examples > 0
    assert result.failed == 0, "".join(report)
