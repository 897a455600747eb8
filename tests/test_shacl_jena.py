"""A second, independent SHACL engine: Apache Jena SHACL gives ``ipgov validate``'s results on every fixture.

pySHACL is the reference engine and the fast engine is tested against it
(``tests/test_validate_engines.py``); both could share a misreading of SHACL. Jena
(Debian's ``libapache-jena-java``, which ``.ci/install-servers.sh`` installs when it may)
runs the same shapes — Core and SPARQL — on each fixture's letter graphs and on their
union, and its results are compared with ``ipgov validate``'s as sets of (graph, focus,
path, value, shape, severity). Where Jena differs by design, the input or the comparison
is adapted, never the expectation:

- Jena accepts one ``sh:message`` per SPARQL constraint: it is given the ``@en`` one, and
  messages are not compared;
- Jena reports a SPARQL property shape's result once per value node of the path: results
  are compared as sets;
- Jena writes an alternative path of three or more as nested pairs, ``((a|b)|c)``: the same
  path as ``(a|b|c)``, which is how it is compared;
- Jena reads no named graphs: each letter graph is written as N-Triples of its own, with
  the ontology's subclass axioms, as ``ipgov validate`` validates it.

Skipped, with the reason, where Java or the Jena jars are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

from graph_builder.validate import validate_paths
from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.lint import COMPONENT
from graph_builder.validate.results import results_from_report
from graph_builder.validate.shapes import shape_set, subclass_triples

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
ALL_FIXTURES = sorted((FIXTURES / "valid").glob("*.trig")) + sorted((FIXTURES / "invalid").glob("*.trig"))
RUNNER = Path(__file__).resolve().parent / "data" / "jena" / "ShaclReports.java"
JAVA_DIR = Path(os.environ.get("IPGOV_JENA_JARS", "/usr/share/java"))
# Debian's libapache-jena-java and the jars it depends on (by their unversioned names)
JARS = (
    "jena-base", "jena-core", "jena-arq", "jena-iri", "jena-shacl", "jena-shex", "jena-cmds", "jena-rdfconnection",
    "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction",
    "jena-tdb", "jena-tdb2", "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
    "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core",
    "jackson-databind", "jackson-annotations", "jsonld-java", "slf4j-api", "slf4j-simple", "thrift", "protobuf",
    "jakarta.json-api", "titanium-json-ld",
)
REQUIRED = ("jena-core", "jena-arq", "jena-shacl", "jena-base", "jena-iri")


def jena_classpath(scratch: Path) -> str:
    """The classpath of Debian's Jena, or skip the test saying what is missing."""
    if shutil.which("java") is None:
        pytest.skip("Apache Jena SHACL cross-check: no java (Debian: openjdk-17-jre-headless)")
    missing = [name for name in REQUIRED if not (JAVA_DIR / f"{name}.jar").is_file()]
    if missing:
        pytest.skip(
            f"Apache Jena SHACL cross-check: {', '.join(missing)} not in {JAVA_DIR} "
            "(Debian: apt-get install libapache-jena-java, or bash .ci/install-servers.sh; IPGOV_JENA_JARS=DIR)"
        )
    # Debian's jena-core moved the bundled Xerces classes to the package xerces.* but left their
    # message resources under org/apache/jena/ext/xerces/: without them Jena cannot start.
    resources = scratch / "xerces-resources"
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = resources / "xerces" / name[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [str(JAVA_DIR / f"{name}.jar") for name in JARS if (JAVA_DIR / f"{name}.jar").is_file()]
    return os.pathsep.join([str(resources), *jars])


def jena_shapes(union: bool) -> Graph:
    """The letter (or union) shapes, each SPARQL constraint with its English message only."""
    graph = Graph()
    for triple in shape_set(union).graph:
        graph.add(triple)
    for constraint in set(graph.objects(None, SH.sparql)):
        for message in list(graph.objects(constraint, SH.message)):
            if isinstance(message, Literal) and message.language != "en":
                graph.remove((constraint, SH.message, message))
    return graph


def run_jena(classpath: str, shapes: Path, data: list[Path]) -> None:
    """Validate every data file with Jena in one JVM (reports land beside them)."""
    done = subprocess.run(
        ["java", "-cp", classpath, str(RUNNER), str(shapes), *map(str, data)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def ntriples(nt: bytes) -> bytes:
    """A letter graph's N-Triples with the ontology's subclass axioms, as ``ipgov validate`` sees it."""
    axioms = [
        ox.Triple(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o))) for s, p, o in subclass_triples()
    ]
    return nt + (ox.serialize(axioms, format=ox.RdfFormat.N_TRIPLES) or b"")


def _flat(*key: str) -> tuple[str, ...]:
    """A result key with a nested alternative path written flat (``((a|b)|c)`` → ``(a|b|c)``)."""
    letter, focus, path, *rest = key
    while path.startswith("((") and ")|" in path:
        inner, outer = path[1:].split(")|", 1)
        path = f"{inner}|{outer}"
    return (letter, focus, path, *rest)


def test_jena_gives_the_results_of_ipgov_validate_on_every_fixture(tmp_path: Path) -> None:
    """On each fixture, Jena's results (letter shapes per graph, union shapes on the union) are ours."""
    classpath = jena_classpath(tmp_path)
    letter_shapes, union_shapes = tmp_path / "letter-shapes.nt", tmp_path / "union-shapes.nt"
    jena_shapes(False).serialize(letter_shapes, format="nt")
    jena_shapes(True).serialize(union_shapes, format="nt")
    letter_files: list[Path] = []
    union_files: list[Path] = []
    where: dict[Path, tuple[Path, str]] = {}  # data file → (fixture, graph IRI, "" for the union)
    for n, fixture in enumerate(ALL_FIXTURES):
        graphs = read_graphs([fixture])
        for m, (name, nt) in enumerate(sorted(graphs.items())):
            path = tmp_path / f"{n:03d}-{m}.nt"
            path.write_bytes(ntriples(nt))
            letter_files.append(path)
            where[path] = (fixture, name)
        union = tmp_path / f"{n:03d}-union.nt"
        union.write_bytes(ntriples(b"".join(graphs.values())))
        union_files.append(union)
        where[union] = (fixture, "")
    run_jena(classpath, letter_shapes, letter_files)
    run_jena(classpath, union_shapes, union_files)

    jena: dict[Path, set[tuple[str, ...]]] = {fixture: set() for fixture in ALL_FIXTURES}
    for path, (fixture, letter) in where.items():
        report = Graph().parse(Path(f"{path}.report.nt"), format="nt")
        jena[fixture] |= {_flat(r.letter, *r.key()) for r in results_from_report(report, letter)}
    differ = []
    for fixture in ALL_FIXTURES:
        ours = {(r.letter, *r.key()) for r in validate_paths([fixture], jobs=1).results if r.component != COMPONENT}
        if ours != jena[fixture]:
            only_ours, only_jena = sorted(ours - jena[fixture]), sorted(jena[fixture] - ours)
            differ.append(f"{fixture.name}: only ipgov {only_ours}, only Jena {only_jena}")
    assert not differ, "\n".join(differ)
