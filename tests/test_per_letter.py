"""The one list of per-letter modules (graph_builder/corpus/per_letter.py): every module the
per-letter pipeline imports is in it, so the manifest's tool digest covers it, and the
wheel build compiles the same modules the list marks compiled."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types
from pathlib import Path

import pytest

from graph_builder.corpus.per_letter import PER_LETTER, patterns

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graph_builder"

# Builds a letter with everything a worker may import (TriG, corrections), then prints the
# files of the package's modules it loaded.
_BUILD = """
import sys
from pathlib import Path
import graph_builder.corrections  # noqa: F401  (a build with corrections)
from graph_builder.pipeline import build_letter, entities_line, facts_line
from graph_builder.resources import data_path
path = sorted(data_path("letters").glob("*.txt"))[0]
built = build_letter(str(path), trig=True)
facts_line(built), entities_line(built)
for name, module in sorted(sys.modules.items()):
    if name.startswith("graph_builder") and getattr(module, "__file__", None):
        print(module.__file__)
"""


def _listed() -> set[str]:
    return {path.relative_to(PACKAGE).as_posix() for pattern in patterns() for path in PACKAGE.glob(pattern)}


def test_every_module_the_per_letter_pipeline_imports_is_listed() -> None:
    done = subprocess.run([sys.executable, "-c", _BUILD], capture_output=True, text=True, check=True, cwd=ROOT)
    imported = {Path(line).resolve().relative_to(PACKAGE).as_posix() for line in done.stdout.splitlines()}
    imported = {name.split(".")[0] + ".py" for name in imported}  # a compiled module's file: its source
    missing = sorted(imported - _listed())
    assert not missing, f"add to PER_LETTER in graph_builder/corpus/per_letter.py: {missing}"


def test_every_pattern_names_a_module() -> None:
    for pattern, _ in PER_LETTER:
        assert list(PACKAGE.glob(pattern)), f"{pattern} matches no file"


def test_the_wheel_build_compiles_the_listed_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """hatch_build.py reads the list without importing the package (hatchling stubbed if missing)."""
    if importlib.util.find_spec("hatchling") is None:
        interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")
        interface.BuildHookInterface = object  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, interface.__name__, interface)
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    assert hook.compiled_patterns(ROOT / hook.PER_LETTER_FILE) == patterns(compiled_only=True)
