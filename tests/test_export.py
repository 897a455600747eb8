"""Network export: GEXF 1.3 against the official grammar, references, timeline, views, GraphML, CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph_builder.cli import main
from graph_builder.errors import InputError
from graph_builder.export.csvs import csv_tables
from graph_builder.export.dates import XSD, timeline_date
from graph_builder.export.gexf import gexf_bytes, node_size
from graph_builder.export.graphml import graphml_bytes
from graph_builder.export.layout import positions
from graph_builder.export.load import dataset_files, load_store
from graph_builder.export.nodes import AGENT_CLASSES, NODE_CLASSES
from graph_builder.export.palette import GROUPS, group_of, rgb
from graph_builder.export.project import project
from graph_builder.export.read import read_tables
from graph_builder.pipeline import build_letter

lxml_etree = pytest.importorskip("lxml.etree")

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
ID = "https://w3id.org/ipgov/id/"
IPGOV = "https://w3id.org/ipgov/ontology#"
AGENCY = "深圳市市场和质量监督管理委员会"


# --- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rng(shared_dir: Path):  # type: ignore[no-untyped-def]
    """The official GEXF 1.3 RELAX NG grammar (see shared/schemas/gexf/README.md)."""
    return lxml_etree.RelaxNG(lxml_etree.parse(str(shared_dir / "schemas" / "gexf" / "1.3" / "gexf.rng")))


@pytest.fixture(scope="module")
def seed_tables(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """The seed letter's export tables."""
    return read_tables(load_store([seed_nquads]))


@pytest.fixture(scope="module")
def multi_nquads(tmp_path_factory: pytest.TempPathFactory, seed_path: Path, own_letters: list[Path]) -> Path:
    """The seed and the project's own letters (13 letters, several dates) as one N-Quads file."""
    lines: list[str] = []
    for letter in [seed_path, *own_letters]:
        lines.extend(build_letter(letter).nquads)
    path = tmp_path_factory.mktemp("multi") / "dataset.nq"
    path.write_text("".join(sorted(lines)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def multi_tables(multi_nquads: Path):  # type: ignore[no-untyped-def]
    """The multi-letter export tables."""
    return read_tables(load_store([multi_nquads]))


def _nq_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return "".join(c if ord(c) >= 0x20 else f"\\u{ord(c):04X}" for c in escaped)


HOSTILE = [
    '<script>alert("x")</script> & \'quotes\'',
    "line one\nline two\r\n\tindented",
    "control\x00\x01\x08\x0b\x0c\x1f\x7f characters",
    "深" * 5000,
    "  spaces   inside  ",
    "emoji 🙂 and a lone combining ́ mark",
]


@pytest.fixture(scope="module")
def hostile_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small letter graph whose every label is hostile to XML and CSV."""
    graph = "<https://w3id.org/ipgov/graph/hostile>"
    letter = f"<{ID}letter/hostile>"
    lines = [f"{letter} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IPGOV}ReplyLetter> {graph} .",
             f'{letter} <http://purl.org/dc/terms/date> "2019-02"^^<{XSD}gYearMonth> {graph} .']
    for number, label in enumerate(HOSTILE):
        thing = f"<{ID}org/hostile{number}>"
        lines += [
            f"{thing} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IPGOV}GovernmentAgency> {graph} .",
            f'{thing} <http://www.w3.org/2004/02/skos/core#prefLabel> "{_nq_literal(label)}"@zh {graph} .',
            f'{thing} <http://www.w3.org/2004/02/skos/core#prefLabel> "{_nq_literal(label[::-1])}"@en {graph} .',
            f"{letter} <{IPGOV}{'respondingAgency' if number == 0 else 'coHandler'}> {thing} {graph} .",
        ]
    path = tmp_path_factory.mktemp("hostile") / "hostile.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def empty_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset with no quads at all."""
    path = tmp_path_factory.mktemp("empty") / "empty.nq"
    path.write_text("", encoding="utf-8")
    return path


# --- helpers --------------------------------------------------------------------------------

def reference_problems(document: bytes) -> list[str]:
    """What the grammar cannot check: declared attributes, edge ends, unique ids."""
    root = lxml_etree.fromstring(document)
    problems: list[str] = []
    declared = {
        cls: {a.get("id") for a in root.iter(f"{GEXF}attributes") if a.get("class") == cls
              for a in a.iter(f"{GEXF}attribute")}
        for cls in ("node", "edge")
    }
    node_ids = [n.get("id") for n in root.iter(f"{GEXF}node")]
    edge_ids = [e.get("id") for e in root.iter(f"{GEXF}edge")]
    problems += [f"duplicate node id {i}" for i, n in Counter(node_ids).items() if n > 1]
    problems += [f"duplicate edge id {i}" for i, n in Counter(edge_ids).items() if n > 1]
    known = set(node_ids)
    for edge in root.iter(f"{GEXF}edge"):
        problems += [f"edge {edge.get('id')}: {end} {edge.get(end)} is no node"
                     for end in ("source", "target") if edge.get(end) not in known]
    for cls in ("node", "edge"):
        for element in root.iter(f"{GEXF}{cls}"):
            problems += [f"{cls} {element.get('id')}: undeclared attribute {v.get('for')}"
                         for v in element.iter(f"{GEXF}attvalue") if v.get("for") not in declared[cls]]
    return problems


def assert_valid(rng, document: bytes) -> None:  # type: ignore[no-untyped-def]
    """The document is valid GEXF 1.3 and passes the reference checks."""
    parsed = lxml_etree.fromstring(document)
    assert rng.validate(parsed), rng.error_log.last_error
    assert reference_problems(document) == []


def nodes_by_label(document: bytes) -> dict[str, object]:
    """GEXF node elements by their label."""
    return {n.get("label"): n for n in lxml_etree.fromstring(document).iter(f"{GEXF}node")}


def attvalues(element) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """An element's attvalues as a dict."""
    return {v.get("for"): v.get("value") for v in element.iter(f"{GEXF}attvalue")}


# --- the reference checks catch what they must ---------------------------------------------

def test_reference_checks_catch_dangling_edges_and_undeclared_attributes(rng, seed_tables) -> None:  # type: ignore[no-untyped-def]
    document = gexf_bytes(project(seed_tables, "full")).decode()
    broken = document.replace('for="letters"', 'for="letterz"', 1)
    broken = broken.replace(f'target="{ID}org/37f801a1a8851ca1"', 'target="nowhere"', 1)
    problems = reference_problems(broken.encode())
    assert any("undeclared attribute letterz" in p for p in problems)
    assert any("target nowhere is no node" in p for p in problems)
    # the grammar alone accepts both defects: that is why the reference checks exist
    assert rng.validate(lxml_etree.fromstring(broken.encode()))


# --- validity -------------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["full", "actors"])
@pytest.mark.parametrize("dynamic", [True, False])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_gexf_is_valid(rng, seed_tables, view: str, dynamic: bool, lang: str) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, view)
    assert_valid(rng, gexf_bytes(graph, lang=lang, dynamic=dynamic, positions=positions(graph)))


@pytest.mark.parametrize("view", ["full", "actors"])
def test_multi_letter_gexf_is_valid(rng, multi_tables, view: str) -> None:  # type: ignore[no-untyped-def]
    graph = project(multi_tables, view)
    assert graph.number_of_nodes() > 100
    assert_valid(rng, gexf_bytes(graph, positions=positions(graph)))


def test_hostile_labels_give_valid_files(rng, hostile_nquads: Path) -> None:  # type: ignore[no-untyped-def]
    graph = project(read_tables(load_store([hostile_nquads])), "full")
    assert graph.number_of_nodes() == len(HOSTILE) + 1
    for lang in ("zh", "en"):
        document = gexf_bytes(graph, lang=lang, positions=positions(graph))
        assert_valid(rng, document)
        labels = [n.get("label") for n in lxml_etree.fromstring(document).iter(f"{GEXF}node")]
        assert all("\n" not in label and "  " not in label and label == label.strip() for label in labels)
    labels = nodes_by_label(gexf_bytes(graph))
    assert "控" not in "".join(labels)  # nothing invented
    assert "深" * 5000 in labels  # a 5,000-character name is kept whole
    assert "control characters" in labels  # control characters dropped, the rest kept
    kept = attvalues(labels['<script>alert("x")</script> & \'quotes\''])
    assert kept["label_zh"] == '<script>alert("x")</script> & \'quotes\''
    assert attvalues(labels["line one line two indented"])["label_zh"] == "line one\nline two\r\n\tindented"
    round_trip = nx.read_graphml(io.BytesIO(graphml_bytes(graph)))
    assert round_trip.number_of_nodes() == graph.number_of_nodes()
    rows = list(csv.DictReader(io.StringIO(csv_tables(graph)["nodes.csv"].decode())))
    assert {"  spaces   inside  ", "line one\nline two\r\n\tindented"} <= {r["label_zh"] for r in rows}
    assert len(rows) == graph.number_of_nodes()


def test_empty_graph_gives_valid_files(rng, empty_nquads: Path) -> None:  # type: ignore[no-untyped-def]
    graph = project(read_tables(load_store([empty_nquads])), "full")
    assert graph.number_of_nodes() == 0
    for dynamic in (True, False):
        assert_valid(rng, gexf_bytes(graph, dynamic=dynamic, positions=positions(graph)))
    assert nx.read_graphml(io.BytesIO(graphml_bytes(graph))).number_of_nodes() == 0
    tables = csv_tables(graph)
    assert tables["nodes.csv"].decode().splitlines() == [
        "Id,Label,class,group,label_zh,label_en,iri,letters,degree,color,size,start"]
    assert tables["edges.csv"].decode().splitlines()[0].startswith("Id,Source,Target,Type,Label,Weight")


# --- determinism ----------------------------------------------------------------------------

def test_same_graph_same_bytes(seed_nquads: Path, seed_tables) -> None:  # type: ignore[no-untyped-def]
    again = read_tables(load_store([seed_nquads]))
    for view in ("full", "actors"):
        one, two = project(seed_tables, view), project(again, view)
        assert gexf_bytes(one, positions=positions(one)) == gexf_bytes(two, positions=positions(two))
        assert graphml_bytes(one, positions=positions(one)) == graphml_bytes(two, positions=positions(two))
        assert csv_tables(one) == csv_tables(two)
    document = gexf_bytes(project(seed_tables, "full"))
    meta = lxml_etree.fromstring(document).find(f"{GEXF}meta")
    assert meta.get("lastmodifieddate") is None
    assert b"lastmodifieddate" not in document


# --- what the full view holds ---------------------------------------------------------------

def test_full_view_nodes_and_classes(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "full")
    classes = Counter(attrs["cls"] for _, attrs in graph.nodes(data=True))
    assert classes["ReplyLetter"] == 1
    assert classes["Proposal"] == 1
    assert classes["CourtCase"] == 3
    assert classes["Platform"] == 18
    assert classes["Policy"] == 5
    assert classes["Place"] == 4
    assert classes["Court"] == 2
    assert set(classes) <= set(NODE_CLASSES)
    assert "Statement" not in classes and "Figure" not in classes  # measures and figures are no nodes
    agency = graph.nodes[f"{ID}org/05bd80060b3e0892"]
    assert (agency["cls"], agency["label_zh"], agency["letters"]) == ("GovernmentAgency", AGENCY, 1)
    assert agency["label_en"] == "Shenzhen Market and Quality Supervision Commission"


def test_full_view_edges_carry_predicate_labels_and_evidence_weights(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "full")
    letter, proposal = f"{ID}letter/000_cf6b83477be807db", f"{ID}proposal/000_cf6b83477be807db"
    co_handler = graph.edges[letter, f"{ID}org/37f801a1a8851ca1", "coHandler"]
    assert co_handler["predicate"] == IPGOV + "coHandler"
    assert (co_handler["label_zh"], co_handler["label_en"]) == ("会办单位", "co-handling body")
    assert co_handler["weight"] == 1 and co_handler["letters"] == 1
    assert graph.has_edge(proposal, f"{ID}person/0cdc26f7c06b9043", "proposer")
    assert graph.has_edge(letter, proposal, "answers")
    keys = Counter(k for _, _, k in graph.edges(keys=True))
    stated = Counter(p for (s, p, o) in seed_tables.relations if s in graph and o in graph)
    for predicate in ("plaintiff", "defendant", "hostedBy", "approvedBy", "locatedIn", "cites"):
        assert keys[predicate] == stated[predicate] > 0
    assert keys["plaintiff"] == 3  # Huawei v. InterDigital (two cases), Huawei v. Samsung
    # a mention beside a more precise relation is dropped; other mentions weigh their spans
    assert not graph.has_edge(letter, f"{ID}org/37f801a1a8851ca1", "mentions")
    shenzhen = graph.edges[letter, f"{ID}place/1bb5e3986433569c", "mentions"]
    assert shenzhen["weight"] > 1
    document = gexf_bytes(graph)
    edges = [e for e in lxml_etree.fromstring(document).iter(f"{GEXF}edge")
             if e.get("target") == f"{ID}org/37f801a1a8851ca1"]
    assert [e.get("label") for e in edges] == ["会办单位"]
    assert attvalues(edges[0])["predicate"] == IPGOV + "coHandler"


def test_colours_and_sizes(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "full")
    root = lxml_etree.fromstring(gexf_bytes(graph))
    for node in root.iter(f"{GEXF}node"):
        values = attvalues(node)
        colour = node.find(f"{VIZ}color")
        expected = rgb(group_of(values["class"]).hex)
        assert (int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))) == expected
        assert float(node.find(f"{VIZ}size").get("value")) == node_size(int(values["degree"]))
    assert node_size(1) < node_size(4) < node_size(16)
    assert len({g.hex for g in GROUPS}) == len(GROUPS)
    assert {c for g in GROUPS for c in g.classes} >= set(NODE_CLASSES)


def test_layout_is_stored_only_when_asked(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "full")
    assert lxml_etree.fromstring(gexf_bytes(graph)).find(f".//{VIZ}position") is None
    laid = lxml_etree.fromstring(gexf_bytes(graph, positions=positions(graph)))
    xs = {float(p.get("x")) for p in laid.iter(f"{VIZ}position")}
    assert len(list(laid.iter(f"{VIZ}position"))) == graph.number_of_nodes()
    assert len(xs) > graph.number_of_nodes() // 2  # spread out, not piled up


# --- timeline -------------------------------------------------------------------------------

@pytest.mark.parametrize(("lexical", "datatype", "day"), [
    ("2018-08-15", "date", "2018-08-15"),
    ("2017-03", "gYearMonth", "2017-03-01"),
    ("2013", "gYear", "2013-01-01"),
    ("2018-08-15T09:30:00+08:00", "dateTime", "2018-08-15"),
    ("2017-13", "gYearMonth", None),
    ("sometime", "string", None),
])
def test_timeline_date_rule(lexical: str, datatype: str, day: str | None) -> None:
    assert timeline_date(lexical, XSD + datatype) == day


def test_seed_timeline(seed_tables) -> None:  # type: ignore[no-untyped-def]
    document = gexf_bytes(project(seed_tables, "full"))
    root = lxml_etree.fromstring(document)
    graph_element = root.find(f"{GEXF}graph")
    assert (graph_element.get("mode"), graph_element.get("timeformat")) == ("dynamic", "date")
    nodes = nodes_by_label(document)
    assert nodes["国家工商总局商标局深圳商标受理窗口"].get("start") == "2017-03-01"  # platform 2017年3月
    assert nodes["华为技术有限公司诉美国IDC公司标准必要专利使用费纠纷案"].get("start") == "2013-01-01"  # case 2013
    assert nodes[AGENCY].get("start") == "2018-08-15"  # first letter naming it
    edge_starts = {e.get("start") for e in root.iter(f"{GEXF}edge")}
    assert edge_starts == {"2018-08-15"}  # an edge starts once both ends exist
    static = lxml_etree.fromstring(gexf_bytes(project(seed_tables, "full"), dynamic=False))
    assert static.find(f"{GEXF}graph").get("mode") == "static"
    assert not [e for e in static.iter() if e.get("start") is not None]


def test_multi_letter_timeline_starts_at_the_first_letter(multi_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(multi_tables, "full")
    letter_dates = {iri: attrs["start"] for iri, attrs in graph.nodes(data=True) if attrs["cls"] == "ReplyLetter"}
    assert len(set(letter_dates.values()) - {None}) >= 8
    checked = 0
    for node, attrs in graph.nodes(data=True):
        if attrs["cls"] in AGENT_CLASSES and attrs["letters"] >= 1:
            naming = [letter_dates[u] for u, _, k in graph.in_edges(node, keys=True) if u in letter_dates]
            if naming and all(naming):
                assert attrs["start"] <= min(naming)
                checked += 1
    assert checked > 20
    starts = [attrs["start"] for _, attrs in graph.nodes(data=True) if attrs["start"]]
    assert min(starts) < "2019-01-01" < max(starts)  # the network grows over years


# --- actor view -----------------------------------------------------------------------------

def test_actor_view(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "actors")
    assert {attrs["cls"] for _, attrs in graph.nodes(data=True)} <= set(AGENT_CLASSES)
    label = {n: attrs["label_zh"] for n, attrs in graph.nodes(data=True)}
    edges = {(label[u], label[v], k): attrs for u, v, k, attrs in graph.edges(keys=True, data=True)}
    assert edges[(AGENCY, "杨浩勃", "answered")]["weight"] == 1
    handlers = {AGENCY, "深圳法院", "深圳市经济贸易和信息化委员会"}
    co_handled = {frozenset((u, v)) for u, v, k in edges if k == "coHandledWith"}
    assert co_handled == {frozenset(p) for p in [(AGENCY, "深圳法院"), (AGENCY, "深圳市经济贸易和信息化委员会"),
                                                 ("深圳法院", "深圳市经济贸易和信息化委员会")]}
    assert set().union(*co_handled) == handlers
    assert edges[("华为技术有限公司", "美国IDC公司", "citedTogether")]["weight"] == 2  # two cases
    cnipa, szu = f"{ID}org/75c21de1eed7a2e4", f"{ID}org/7e1210f44e877673"
    platforms = {s for (s, p, o) in seed_tables.relations if p == "approvedBy" and o == cnipa} & {
        s for (s, p, o) in seed_tables.relations if p == "hostedBy" and o == szu}
    assert len(platforms) >= 1
    assert edges[("国家知识产权局", "深圳大学", "samePlatform")]["weight"] == len(platforms)
    assert edges[("深圳市人民政府", "深圳市委", "sameMeasure")]["label_en"] == "named in the same measure"
    root = lxml_etree.fromstring(gexf_bytes(graph))
    assert root.find(f"{GEXF}graph").get("defaultedgetype") == "undirected"


def test_lang_en_labels_fall_back_to_zh(seed_tables) -> None:  # type: ignore[no-untyped-def]
    labels = nodes_by_label(gexf_bytes(project(seed_tables, "actors"), lang="en"))
    assert "Shenzhen Market and Quality Supervision Commission" in labels
    assert "杨浩勃" in labels  # no English name: the Chinese one is kept
    edge_labels = {e.get("label") for e in lxml_etree.fromstring(
        gexf_bytes(project(seed_tables, "actors"), lang="en")).iter(f"{GEXF}edge")}
    assert {"answered", "co-handled with", "cited together"} <= edge_labels


# --- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["full", "actors"])
def test_networkx_reads_back_gexf_and_graphml(seed_tables, tmp_path: Path, view: str) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, view)
    (tmp_path / "g.gexf").write_bytes(gexf_bytes(graph))
    (tmp_path / "g.graphml").write_bytes(graphml_bytes(graph))
    from_gexf = nx.read_gexf(tmp_path / "g.gexf", version="1.3")
    from_graphml = nx.read_graphml(tmp_path / "g.graphml")
    for back in (from_gexf, from_graphml):
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert back.is_directed() == (view == "full")
        for node, attrs in graph.nodes(data=True):
            got = back.nodes[node]
            assert (got["class"], got["label_zh"], got["letters"], got["degree"]) == (
                attrs["cls"], attrs["label_zh"], attrs["letters"], attrs["degree"])
    weights = sorted(float(w) for _, _, w in from_gexf.edges(data="weight"))
    assert weights == sorted(float(w) for _, _, w in graph.edges(data="weight"))
    predicates = Counter(p for _, _, p in from_graphml.edges(data="predicate"))
    assert predicates == Counter(p for _, _, p in graph.edges(data="predicate"))


def test_csv_tables_for_gephi(seed_tables) -> None:  # type: ignore[no-untyped-def]
    graph = project(seed_tables, "full")
    tables = csv_tables(graph, positions=positions(graph))
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"].decode())))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert {"Source", "Target", "Type", "Weight", "Label", "Id"} <= set(edges[0])
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    ids = {n["Id"] for n in nodes}
    assert all(e["Source"] in ids and e["Target"] in ids for e in edges)
    assert {e["Type"] for e in edges} == {"Directed"}
    assert {"x", "y", "start", "class", "letters", "degree"} <= set(nodes[0])
    agency = next(n for n in nodes if n["label_zh"] == AGENCY)
    assert (agency["class"], agency["color"], agency["start"]) == ("GovernmentAgency", "#332288", "2018-08-15")


# --- input and command ----------------------------------------------------------------------

def test_data_resolution(tmp_path: Path, seed_nquads: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        dataset_files([tmp_path / "missing"])
    with pytest.raises(InputError, match=r"no dataset\.nq"):
        dataset_files([tmp_path])
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a dataset"):
        dataset_files([tmp_path / "notes.txt"])
    (tmp_path / "dataset.nq").write_text("<a> <b> .\n", encoding="utf-8")
    assert dataset_files([tmp_path]) == [tmp_path / "dataset.nq"]
    with pytest.raises(InputError, match="not valid N-Quads"):
        load_store([tmp_path])
    assert dataset_files([seed_nquads]) == [seed_nquads]


def test_command_writes_every_format(rng, tmp_path: Path, seed_nquads: Path,  # type: ignore[no-untyped-def]
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seed.gexf"
    full = project(read_tables(load_store([seed_nquads])), "full")
    assert main(["export", "gephi", str(seed_nquads), "-o", str(out), "--layout"]) == 0
    assert_valid(rng, out.read_bytes())
    summary = f"{full.number_of_nodes()} nodes, {full.number_of_edges()} edges (full view)"
    assert summary in capsys.readouterr().out
    assert main(["export", "gephi", str(seed_nquads), "-o", str(out), "--static", "--view", "actors"]) == 0
    assert b'mode="static"' in out.read_bytes() and b'defaultedgetype="undirected"' in out.read_bytes()
    assert main(["export", "graphml", str(seed_nquads), "-o", str(tmp_path / "g.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == full.number_of_nodes()
    assert main(["export", "csv", str(seed_nquads), "-o", str(tmp_path / "csv")]) == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    assert not list(tmp_path.glob("**/*.tmp"))


def test_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["export", "gephi", str(tmp_path / "nope"), "-o", str(tmp_path / "x.gexf")]) == 2
    assert capsys.readouterr().err.strip().endswith("nope: no such file or folder")
    monkeypatch.chdir(tmp_path)
    assert main(["export", "gephi"]) == 2
    assert "run `ipgov build` first" in capsys.readouterr().err
    assert not (tmp_path / "network.gexf").exists()
