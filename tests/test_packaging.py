"""Packaging: the wheel built from the sdist carries ontology/, shapes/, queries/ and data,
and the installed package works from another folder."""

from __future__ import annotations

import subprocess
import sys
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
    code = "import sys, graph_builder.cli as c; print(c.__file__); sys.exit(c.main(['build', '--no-validate']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(str(target)), "imported the checkout instead of the installed wheel"
    assert (work / "ipgov-out" / "dataset.nq").stat().st_size > 100_000
    resources = "from graph_builder.resources import ontology_path as o; print(o())"
    where = subprocess.run(
        [sys.executable, "-c", resources], cwd=work, env=env, capture_output=True, text=True, check=True
    )
    assert "_bundled" in where.stdout
