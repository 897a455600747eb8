"""Packaging: the wheel built from the sdist carries ontology/, shapes/, queries/ and data,
and the installed package works from another folder."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sdist, then the wheel from the sdist (as `python -m build` does)."""
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1 and list(out.glob("*.tar.gz"))
    return wheels[0]


@pytest.mark.slow
def test_wheel_lists_every_resource(wheel: Path) -> None:
    """Every ontology, shape and query file and the gazetteer reach the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"graph_builder/_bundled/ontology/ipgov.ttl", "graph_builder/data/letters/000_cf6b83477be807db.txt"}
    expected |= {f"graph_builder/_bundled/shapes/{p.name}" for p in (ROOT / "shapes").glob("*.ttl")}
    expected |= {f"graph_builder/_bundled/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    expected |= {
        f"graph_builder/data/gazetteer/{p.name}" for p in (ROOT / "graph_builder/data/gazetteer").glob("*.tsv")
    }
    assert expected <= names, sorted(expected - names)
    assert not any(n.startswith("graph_builder/_bundled/_bundled") for n in names)


def _c_compiler() -> str | None:
    """The C compiler Python's extensions are built with, if this machine has it."""
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")
    return shutil.which(cc[0]) if cc else None


@pytest.mark.slow
@pytest.mark.skipif(_c_compiler() is None, reason="no C compiler: the wheel is pure Python by design")
def test_wheel_carries_the_compiled_per_letter_path(wheel: Path) -> None:
    """With a C compiler the wheel is platform-specific and holds every configured module compiled."""
    names = zipfile.ZipFile(wheel).namelist()
    assert not wheel.name.endswith("-none-any.whl"), wheel.name
    compiled = {n.split(".")[0] for n in names if n.startswith("graph_builder/") and n.endswith(".so")}
    for module in ("text/parse", "extract/actors", "extract/measures", "rdf/emit", "rdf/evidence", "iri", "model"):
        assert f"graph_builder/{module}" in compiled, module
    assert "graph_builder/corpus" not in compiled  # the build's own loop stays Python
    sources = {n.removesuffix(".py") for n in names if n.endswith(".py")}
    assert compiled <= sources  # the sources travel with the compiled modules


@pytest.mark.slow
def test_installed_wheel_builds_the_seed_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    """Installed (not editable) into a fresh folder, `ipgov build` works from anywhere."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = (
        "import sys, graph_builder as g, graph_builder.cli as c; print(c.__file__); print(g.is_compiled());"
        " sys.exit(c.main(['build', '--no-validate']))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(str(target)), "imported the checkout instead of the installed wheel"
    assert done.stdout.splitlines()[1] == str(_c_compiler() is not None)
    assert (work / "ipgov-out" / "dataset.nq").stat().st_size > 100_000
    resources = "from graph_builder.resources import ontology_path as o; print(o())"
    where = subprocess.run(
        [sys.executable, "-c", resources], cwd=work, env=env, capture_output=True, text=True, check=True
    )
    assert "_bundled" in where.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("setting", "said"),
    [({"IPGOV_COMPILE": "0"}, "IPGOV_COMPILE=0"), ({"CC": "/nonexistent/cc"}, "not compiled")],
    ids=["IPGOV_COMPILE=0", "no C compiler"],
)
def test_a_pure_python_wheel_without_compiling(tmp_path: Path, setting: dict[str, str], said: str) -> None:
    """IPGOV_COMPILE=0, or a machine whose C compiler is missing, gives a wheel for every platform."""
    pytest.importorskip("build")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, env={**os.environ, **setting}, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert said in done.stdout + done.stderr
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    assert not [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".so")]
