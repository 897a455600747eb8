"""Wheel build hook: compile the per-letter path (parse, extract, emit) to C with mypyc.

A corpus build spends nearly all its CPU in these modules, and compiled they cost about
a fifth less a letter (docs/corpus.md, "Compiled per-letter path"). The modules stay
Python that type-checks; the wheel carries both, and Python imports the compiled one.
Without a C compiler, when mypyc fails, or with ``IPGOV_COMPILE=0`` the wheel is pure
Python and behaves the same, only slower (``ipgov --version`` tells which). Editable
installs are never compiled, so that edits to the sources take effect.
"""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PER_LETTER_FILE = "graph_builder/corpus/per_letter.py"  # the per-letter modules, those compiled marked True


def compiled_patterns(path: Path) -> list[str]:
    """The patterns of ``PER_LETTER`` marked compiled, read from the file without importing the
    package (its dependencies need not be installed where the wheel is built)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "PER_LETTER":
            assert node.value is not None
            return [pattern for pattern, compiled in ast.literal_eval(node.value) if compiled]
    raise ValueError(f"no PER_LETTER in {path}")


class CompileHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("IPGOV_COMPILE", "1") == "0":
            self.app.display_info("ipgov-kg: IPGOV_COMPILE=0, building a pure-Python wheel")
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="ipgov-mypyc-"))
        try:
            built = self._compile(self._scratch)
        except (Exception, SystemExit) as exc:  # mypyc reports type errors by SystemExit
            why = f"{type(exc).__name__}: {exc!s:.200}"
            self.app.display_warning(f"ipgov-kg: not compiled ({why}); building a pure-Python wheel")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path, name in built.items():
            build_data["force_include"][str(path)] = name

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def _compile(self, scratch: Path) -> dict[Path, str]:
        """Compile the configured modules; returns each shared library's path → its name in the wheel."""
        from mypyc.build import mypycify
        from setuptools import Distribution

        root = Path(self.root)
        sources = sorted(
            str(path.relative_to(root))
            for pattern in compiled_patterns(root / PER_LETTER_FILE)
            for path in (root / "graph_builder").glob(pattern)
            if path.suffix == ".py"
        )
        if not sources:
            raise ValueError(f"no modules to compile (PER_LETTER in {PER_LETTER_FILE})")
        here = Path.cwd()
        os.chdir(root)  # mypyc names modules by their paths from the project root
        try:
            extensions = mypycify(
                ["--ignore-missing-imports", *sources],
                opt_level="3",
                debug_level="0",
                multi_file=True,  # one C file a module, compiled side by side below
                target_dir=str(scratch / "c"),
            )
            command = _parallel_build_ext()(Distribution({"name": "ipgov-kg", "ext_modules": extensions}))
            command.build_lib = str(scratch / "lib")
            command.build_temp = str(scratch / "obj")
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(here)
        lib = scratch / "lib"
        return {path: path.relative_to(lib).as_posix() for path in sorted(lib.rglob("*")) if path.is_file()}


def _parallel_build_ext() -> type:
    from setuptools.command.build_ext import build_ext

    class ParallelBuildExt(build_ext):
        """``build_ext`` that compiles an extension's C files side by side (distutils does one at a time)."""

        def build_extensions(self) -> None:
            one_by_one = self.compiler.compile

            def compile_all(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
                with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                    objects = pool.map(lambda source: one_by_one([source], *args, **kwargs), sources)
                return [obj for part in objects for obj in part]

            self.compiler.compile = compile_all
            super().build_extensions()

    return ParallelBuildExt
