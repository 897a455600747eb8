"""The fact table (graph_builder/fact_table.py) against what the code writes.

Every predicate a letter's graph holds is in the table; every fact predicate has evidence (an
annotation per span, the thing's namedAt spans, or its own span) and a facts-JSON key that the
letters fill; the annotated ones are those shapes/evidence.ttl FactEvidenceShape checks; each
literal has the table's datatype; a fact the table does not describe fails loudly
(docs/adding-a-fact.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from graph_builder import corrections as cx
from graph_builder import namespaces as V
from graph_builder.fact_table import (
    ANNOTATION,
    FACT_PREDICATE,
    FACT_PREDICATES,
    JSON_ONLY_ATTRS,
    NAMED,
    NONE,
    SPAN,
    THINGS_JSON,
    UnknownFactError,
)
from graph_builder.model import Relation, Span
from graph_builder.pipeline import BuiltLetter, build_letter, facts_of
from graph_builder.rdf.emit import letter_nquads_text, predicate_term
from graph_builder.rdf.evidence import span_offsets
from graph_builder.rdf.turtle import split_triple

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "graph_builder" / "data" / "letters" / "000_cf6b83477be807db.txt"
LETTERS = [SEED, *sorted((ROOT / "tests" / "data" / "letters").glob("*.txt"))]
THING = re.compile(r"^<https://w3id\.org/ipgov/id/(person|group|org|policy|platform|event|place|case|figure|provision)/")
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {
    "string": '"$', "zh": '"@zh$', "lang": '"@[a-z]+(-[A-Za-z]+)?$', "integer": f"\"\\^\\^<{XSD}integer>$",
    "decimal": f"\"\\^\\^<{XSD}decimal>$", "boolean": f"\"\\^\\^<{XSD}boolean>$", "gYear": f"\"\\^\\^<{XSD}gYear>$",
    "date": f"\"\\^\\^<{XSD}(date|gYearMonth|gYear)>$",
}
# The predicates that state nothing read from the text. Adding one is a decision: if the new
# predicate is a fact of the letter, give it evidence and a JSON key instead (docs/adding-a-fact.md).
REVIEWED_STRUCTURE = {
    "ipgov:genre", "ipgov:answers", "ipgov:hasParticipation", "ipgov:participant", "ipgov:role", "ipgov:localTo",
    "ipgov:nameBasis", "ipgov:hasSourceText", "rdf:value", "ipgov:sha256", "ipgov:characterCount", "ipgov:namedAt",
    "oa:exact", "oa:hasTarget", "rdf:subject", "rdf:predicate", "rdf:object", "prov:wasDerivedFrom",
    "prov:wasGeneratedBy", "prov:wasInfluencedBy", "prov:used", "prov:wasAssociatedWith", "ipgov:correctionEntry",
    "ipgov:correctionDigest",
}
# One correction, so that the graph holds the provenance of a corrections entry too.
CORRECTION = """\
- letter: 000_cf6b83477be807db
  add: org
  role: co_handler
  text: 深圳大学
  occurrence: 1
"""


def _curie(term: str) -> str:
    bare = term.strip("<>")
    for prefix, namespace in V.PREFIXES.items():
        if bare.startswith(str(namespace)) and prefix not in ("ipgov-id", "ipgov-graph"):
            return f"{prefix}:{bare[len(str(namespace)):]}"
    return bare


@pytest.fixture(scope="module")
def built() -> list[BuiltLetter]:
    """The seed (with one correction and without), and the tests' own letters."""
    entries, problems = cx.parse("fact-model.yaml", CORRECTION)
    assert problems == []
    return [build_letter(SEED, corrections=entries), *(build_letter(path) for path in LETTERS)]


@pytest.fixture(scope="module")
def triples(built: list[BuiltLetter]) -> list[list[tuple[str, str, str]]]:
    """Each letter's (s, p, o) terms, in the order written."""
    return [[split_triple(line[: line.rindex(" <", 0, len(line) - 2)]) for line in b.nquads] for b in built]


def _json_paths(facts: dict[str, Any]) -> Iterator[str]:
    """The keys of a facts JSON that hold a value: ``key``, ``list[]``, ``list[].key``."""
    for key, value in facts.items():
        if value in (None, [], ""):
            continue
        yield key
        if isinstance(value, list):
            yield f"{key}[]"
            for item in value:
                if isinstance(item, dict):
                    yield from (f"{key}[].{k}" for k, v in item.items() if v not in (None, [], ""))


def test_every_predicate_written_is_in_the_table_and_every_one_is_written(
    triples: list[list[tuple[str, str, str]]],
) -> None:
    written = {_curie(p) for graph in triples for _, p, _ in graph}
    assert written - set(FACT_PREDICATE) == set(), "written but not in graph_builder.fact_table.FACT_PREDICATES"
    assert set(FACT_PREDICATE) - written == set(), "in the table, but no test letter gets it: add a letter or drop it"
    assert len(FACT_PREDICATE) == len(FACT_PREDICATES), "a predicate listed twice"


def test_fact_predicates_have_evidence_and_a_json_key_the_letters_fill(built: list[BuiltLetter]) -> None:
    filled = {path for b in built for path in _json_paths(b.facts)}
    for spec in FACT_PREDICATES:
        assert spec.evidence in (ANNOTATION, NAMED, SPAN, NONE), spec
        if spec.evidence == NONE:
            assert spec.curie in REVIEWED_STRUCTURE, f"{spec.curie}: without evidence (see REVIEWED_STRUCTURE)"
            assert spec.why, spec
            continue
        assert spec.json, f"{spec.curie}: a fact without a facts-JSON key"
        missing = [key for key in spec.json.split(", ")
                   if not any(key.replace("things[]", f"{things}[]", 1) in filled for things in THINGS_JSON)]
        assert missing == [], f"{spec.curie}: no test letter's facts JSON fills {missing}"
        if spec.evidence != ANNOTATION:
            assert spec.why, f"{spec.curie}: say why it needs no annotation"
    assert {s.curie for s in FACT_PREDICATES if s.evidence == NONE} == REVIEWED_STRUCTURE


def test_attributes_are_in_the_table() -> None:
    attrs = [spec.attr for spec in FACT_PREDICATES if spec.attr]
    assert sorted(attrs) == ["memberCount", "platformKind", "policyType", "post"]
    assert set(attrs).isdisjoint(JSON_ONLY_ATTRS)
    for spec in FACT_PREDICATES:
        if spec.attr:
            assert spec.evidence in (ANNOTATION, NAMED), spec  # beside the name, or from it


def _shape_list() -> set[str]:
    text = (ROOT / "shapes" / "evidence.ttl").read_text(encoding="utf-8")
    shape = text[text.index("ipgov-shape:FactEvidenceShape a sh:NodeShape") :]
    listed = re.search(r"FILTER\(\?path IN \(([^)]*)\)\)", shape)
    assert listed, "FactEvidenceShape's FILTER(?path IN (…)) not found"
    return {term.strip() for term in listed.group(1).split(",")}


def test_evidence_shape_checks_exactly_the_annotated_predicates() -> None:
    annotated = {spec.curie for spec in FACT_PREDICATES if spec.evidence == ANNOTATION}
    listed = _shape_list()
    assert annotated - listed == set(), "annotated facts that shapes/evidence.ttl FactEvidenceShape does not check"
    assert listed - annotated == set(), "checked by FactEvidenceShape, but not annotated in FACT_PREDICATES"


def test_each_fact_has_its_evidence_in_every_letter(triples: list[list[tuple[str, str, str]]]) -> None:
    for graph in triples:
        annotations: dict[str, dict[str, str]] = {}
        named = set()
        for s, p, o in graph:
            curie = _curie(p)
            if curie in ("rdf:subject", "rdf:predicate", "rdf:object"):
                annotations.setdefault(s, {})[curie] = o
            elif curie == "ipgov:namedAt":
                named.add(s)
        reified = {(a["rdf:subject"], a["rdf:predicate"], a["rdf:object"]) for a in annotations.values()}
        for s, p, o in graph:
            spec = FACT_PREDICATE[_curie(p)]
            if spec.evidence == ANNOTATION and not s.startswith("<https://w3id.org/ipgov/id/evidence/"):
                assert (s, p, o) in reified, f"{s} {p} {o}: no annotation"
            elif spec.evidence == NAMED and THING.match(s):
                assert s in named, f"{s} {p} {o}: its subject is named at no span"
            elif spec.evidence == SPAN:
                assert span_offsets(s) or span_offsets(o), f"{s} {p} {o}: neither is a span"


def test_literals_have_the_tables_datatype(triples: list[list[tuple[str, str, str]]]) -> None:
    for graph in triples:
        for s, p, o in graph:
            spec = FACT_PREDICATE[_curie(p)]
            if spec.literal == "any":
                continue
            if spec.literal:
                assert re.search(DATATYPES[spec.literal], o), f"{s} {p} {o}: not a {spec.literal} literal"
            else:
                assert o.startswith("<"), f"{s} {p} {o}: a literal where the table gives an IRI"


def test_a_literal_relation_is_written_with_its_datatype_or_refused() -> None:
    letter, facts = facts_of(SEED)
    platform = next(e.ref for e in facts.entities.values() if e.kind == "platform")
    span = Span(0, 4)
    case_subject = replace(facts, relations=[Relation(platform, "caseSubject", "标准", span)])
    assert '<https://w3id.org/ipgov/ontology#caseSubject> "标准"@zh ' in letter_nquads_text(case_subject, letter)
    for relation in (
        Relation(platform, "hostedBy", "某某大学", span),  # a thing's predicate with a literal
        Relation(platform, "startDate", ("org", "深圳大学"), span),  # a date's predicate with a thing
        Relation(platform, "openingHours", "9:00", span),  # not in the table
        Relation(platform, "platformKind", "中心", span),  # in the table, but read from the name: no relation
    ):
        with pytest.raises(UnknownFactError):
            letter_nquads_text(replace(facts, relations=[relation]), letter)


def test_an_unknown_attribute_or_predicate_is_refused() -> None:
    letter, facts = facts_of(SEED)
    entity = next(iter(facts.entities.values()))
    entity.attrs["openingHours"] = "9:00"
    with pytest.raises(UnknownFactError, match="openingHours"):
        letter_nquads_text(facts, letter)
    with pytest.raises(UnknownFactError, match="ipgov:openingHours"):
        predicate_term("ipgov:openingHours")


@pytest.mark.parametrize(("name", "predicate", "quote"), [
    ("mine_03_party_jiusan", "post", "局长李卫东"),
    ("mine_04_group_members", "memberCount", "赵国栋等5名委员"),
])
def test_an_attribute_read_beside_the_name_is_annotated_at_the_span_that_states_it(
    name: str, predicate: str, quote: str
) -> None:
    text = build_letter(ROOT / "tests" / "data" / "letters" / f"{name}.txt").nquads_text
    annotations = re.findall(rf"^(<[^>]+>) <[^>]+#predicate> <[^>]+#{predicate}> ", text, re.M)
    assert annotations
    targets = {re.search(rf"^{re.escape(a)} <[^>]+#hasTarget> (<[^>]+>) ", text, re.M).group(1)  # type: ignore[union-attr]
               for a in annotations}
    quotes = {re.search(rf"^{re.escape(t)} <[^>]+#exact> \"([^\"]*)\" ", text, re.M).group(1)  # type: ignore[union-attr]
              for t in targets}
    assert quote in quotes


def test_the_seed_stays_lean() -> None:
    assert build_letter(SEED).quad_count <= 1500
