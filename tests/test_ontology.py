"""Check ontology/ipgov.ttl: header, zh+en labels, alignment, agreement with the code."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph_builder import namespaces
from graph_builder.namespaces import IPGOV, PREFIXES, VANN

# rdflib's XSD DefinedNamespace warns when pytest probes module attributes.
XSD = PREFIXES["xsd"]

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ONTOLOGY_IRI = URIRef("https://w3id.org/ipgov/ontology")
LANGUAGES = frozenset({"zh", "en"})
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.definition)
TERM_TYPES = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.NamedIndividual,
        SKOS.ConceptScheme,
    }
)
# The two SKOS concept schemes exist only to group the role and policy-type
# individuals; the emitter never writes them, so namespaces.py does not name them.
ONTOLOGY_ONLY_TERMS = frozenset({IPGOV.RoleScheme, IPGOV.PolicyTypeScheme})
REUSED_NAMESPACES = tuple(
    str(ns) for prefix, ns in PREFIXES.items() if not prefix.startswith("ipgov")
)
# Datatypes and rdfs:Literal need no declaration in OWL 2.
BUILTIN_NAMESPACES = (str(XSD), str(RDF), str(RDFS))


def _ontology_text() -> str:
    """Return the ontology's Turtle, through the resource resolver when it exists."""
    if importlib.util.find_spec("graph_builder.resources") is None:
        return (ONTOLOGY_DIR / "ipgov.ttl").read_text(encoding="utf-8")
    from graph_builder import resources

    return resources.ontology_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """Parse the ontology once for the module."""
    return Graph().parse(data=_ontology_text(), format="turtle")


def _is_ipgov(node: object) -> bool:
    """Tell whether ``node`` is an IRI in the ipgov: namespace."""
    return isinstance(node, URIRef) and str(node).startswith(str(IPGOV))


def _ipgov_subjects(graph: Graph) -> set[URIRef]:
    """Return every ipgov: IRI that is the subject of a triple in ``graph``."""
    return {s for s in graph.subjects() if _is_ipgov(s)}


def _code_terms() -> set[URIRef]:
    """Return the ipgov: terms named in graph_builder/namespaces.py."""
    terms = {
        value
        for value in vars(namespaces).values()
        if isinstance(value, URIRef) and _is_ipgov(value)
    }
    terms.update(namespaces.POLICY_TYPES.values())
    return terms


def _expand(curie: str) -> URIRef:
    """Expand a CURIE with the project's prefixes."""
    prefix, _, local = curie.partition(":")
    return URIRef(str(PREFIXES[prefix]) + local)


def test_code_names_terms() -> None:
    """Ensure the collector finds the model's terms, so drift tests are not vacuous."""
    terms = _code_terms()
    assert IPGOV.ReplyLetter in terms
    assert IPGOV.policyType_law in terms
    assert IPGOV.role_coHandler in terms
    assert len(terms) == 93  # 88 + ipgov:Correction, correctionEntry, correctionDigest, nameBasis, namedAt


def test_header(ontology: Graph) -> None:
    """Check the single owl:Ontology and each of its header fields."""
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]

    def one(predicate: URIRef) -> object:
        values = list(ontology.objects(ONTOLOGY_IRI, predicate))
        assert len(values) == 1, predicate
        return values[0]

    for predicate in (DCTERMS.title, DCTERMS.description):
        values = list(ontology.objects(ONTOLOGY_IRI, predicate))
        assert sorted(v.language for v in values) == ["en", "zh"], predicate
        assert all(str(v).strip() for v in values)
    assert one(DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert one(OWL.versionIRI) == URIRef("https://w3id.org/ipgov/ontology/0.2.0")
    assert one(OWL.versionInfo) == Literal("0.2.0")
    assert one(VANN.preferredNamespacePrefix) == Literal("ipgov")
    assert one(VANN.preferredNamespaceUri) == Literal(str(IPGOV))
    assert one(DCTERMS.created) == Literal("2026-11-26", datatype=XSD.date)


@pytest.mark.parametrize("predicate", LABEL_PROPERTIES, ids=lambda p: p.n3())
def test_every_term_labelled_zh_en(ontology: Graph, predicate: URIRef) -> None:
    """Give every ipgov: term one non-empty value per language, zh and en only."""
    problems = []
    for term in sorted(_ipgov_subjects(ontology)):
        values = list(ontology.objects(term, predicate))
        languages = Counter(getattr(v, "language", None) for v in values)
        if languages != Counter(LANGUAGES) or not all(str(v).strip() for v in values):
            problems.append(f"{term}: {sorted(map(str, languages.elements()))}")
    assert problems == []


def test_label_equals_pref_label(ontology: Graph) -> None:
    """Keep rdfs:label (read by pyLODE) equal to skos:prefLabel (read by SKOS tools)."""
    for term in _ipgov_subjects(ontology):
        labels = set(ontology.objects(term, RDFS.label))
        assert labels == set(ontology.objects(term, SKOS.prefLabel)), term


def test_pref_labels_unique(ontology: Graph) -> None:
    """Give no two ipgov: terms the same prefLabel in one language."""
    labels = Counter(
        (str(o), o.language) for s, o in ontology.subject_objects(SKOS.prefLabel) if _is_ipgov(s)
    )
    assert [label for label, n in labels.items() if n > 1] == []


def test_every_code_term_declared(ontology: Graph) -> None:
    """Declare, with an OWL or SKOS type, every ipgov: term that namespaces.py names."""
    declared = {
        s for s in _ipgov_subjects(ontology) if set(ontology.objects(s, RDF.type)) & TERM_TYPES
    }
    assert sorted(_code_terms() - declared) == []


def test_no_term_missing_from_code(ontology: Graph) -> None:
    """Declare no ipgov: term that namespaces.py lacks, but the concept schemes."""
    extra = _ipgov_subjects(ontology) - _code_terms()
    assert extra == ONTOLOGY_ONLY_TERMS
    assert set(ontology.subjects(RDF.type, SKOS.ConceptScheme)) == ONTOLOGY_ONLY_TERMS


def test_ipgov_objects_declared(ontology: Graph) -> None:
    """Refer only to ipgov: terms that the ontology itself declares."""
    used = {o for o in ontology.objects() if _is_ipgov(o)}
    assert sorted(used - _ipgov_subjects(ontology)) == []


@pytest.mark.parametrize("predicate", (RDFS.subClassOf, RDFS.subPropertyOf), ids=lambda p: p.n3())
def test_super_terms_known(ontology: Graph, predicate: URIRef) -> None:
    """Point every super-term at a declared ipgov: term or a reused vocabulary."""
    declared = _ipgov_subjects(ontology)
    for sub, sup in ontology.subject_objects(predicate):
        assert _is_ipgov(sub), sub
        assert isinstance(sup, URIRef), (sub, sup)
        assert sup in declared or str(sup).startswith(REUSED_NAMESPACES), (sub, sup)


def test_external_terms_declared_not_redefined(ontology: Graph) -> None:
    """Declare each external term the axioms use, and say nothing else about it."""
    axiom_predicates = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
    used = {
        o
        for p in axiom_predicates
        for o in ontology.objects(None, p)
        if not _is_ipgov(o) and not str(o).startswith(BUILTIN_NAMESPACES)
    }
    assert used, "the ontology aligns with no reused term"
    for term in used:
        assert set(ontology.objects(term, RDF.type)) & TERM_TYPES, term
    for s, p, _ in ontology:
        if not _is_ipgov(s) and s != ONTOLOGY_IRI:
            assert p == RDF.type, (s, p)


@pytest.mark.parametrize(
    ("kind", "datatype"),
    [
        ("ordinal", XSD.integer),
        ("memberCount", XSD.integer),
        ("characterCount", XSD.integer),
        ("numericValue", XSD.decimal),
        ("isCollective", XSD.boolean),
        ("sha256", XSD.string),
        ("startDate", RDFS.Literal),
        ("year", RDFS.Literal),
    ],
)
def test_datatype_ranges(ontology: Graph, kind: str, datatype: URIRef) -> None:
    """Give the datatype properties the literal ranges the emitter relies on."""
    term = IPGOV[kind]
    assert (term, RDF.type, OWL.DatatypeProperty) in ontology
    assert list(ontology.objects(term, RDFS.range)) == [datatype]


def test_measure_kinds_disjoint(ontology: Graph) -> None:
    """Make Commitment, Achievement and Statement pairwise disjoint kinds of Measure."""
    kinds = [IPGOV.Commitment, IPGOV.Achievement, IPGOV.Statement]
    for kind in kinds:
        assert (kind, RDFS.subClassOf, IPGOV.Measure) in ontology
        assert set(ontology.objects(kind, OWL.disjointWith)) == set(kinds) - {kind}


@pytest.mark.parametrize(
    ("prefix", "concept_class", "scheme"),
    [
        ("role_", IPGOV.Role, IPGOV.RoleScheme),
        ("policyType_", IPGOV.PolicyType, IPGOV.PolicyTypeScheme),
    ],
)
def test_concepts_in_scheme(
    ontology: Graph, prefix: str, concept_class: URIRef, scheme: URIRef
) -> None:
    """Type each role and policy-type individual and put it in its concept scheme."""
    individuals = {t for t in _code_terms() if str(t).startswith(str(IPGOV) + prefix)}
    assert individuals
    for term in individuals:
        types = set(ontology.objects(term, RDF.type))
        assert {OWL.NamedIndividual, SKOS.Concept, concept_class} <= types, term
        assert list(ontology.objects(term, SKOS.inScheme)) == [scheme], term
    assert set(ontology.subjects(SKOS.inScheme, scheme)) == individuals
    assert set(ontology.objects(scheme, SKOS.hasTopConcept)) == individuals


def test_readme_alignment_table(ontology: Graph) -> None:
    """List in ontology/README.md exactly the alignments to reused vocabularies."""
    readme = (ONTOLOGY_DIR / "README.md").read_text(encoding="utf-8")
    row = re.compile(r"^\| `(ipgov:\w+)` \| `(rdfs:sub(?:Class|Property)Of)` \| `([\w-]+:\w+)` \|")
    documented = {
        tuple(_expand(curie) for curie in match.groups())
        for match in map(row.match, readme.splitlines())
        if match
    }
    asserted = {
        (s, p, o)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf)
        for s, o in ontology.subject_objects(p)
        if not _is_ipgov(o)
    }
    assert documented == asserted


def test_reused_namespace_prefixes_match_code() -> None:
    """Use in the Turtle file the prefixes that namespaces.PREFIXES binds."""
    prefix_line = re.compile(r"^@prefix ([\w-]*): <([^>]*)> \.$", re.MULTILINE)
    declared = dict(prefix_line.findall(_ontology_text()))
    assert declared == {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def test_plain_prefixes_are_rdflib_s_namespaces() -> None:
    """``prefixes`` spells the IRIs for the commands that do without rdflib; they must be the
    namespaces rdflib gives the rest of the code."""
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

    from graph_builder import namespaces, prefixes

    assert {k: str(v) for k, v in namespaces.PREFIXES.items()} == prefixes.PREFIXES
    for name, known in (("RDF", RDF), ("RDFS", RDFS), ("OWL", OWL), ("XSD", XSD), ("SKOS", SKOS),
                        ("DCTERMS", DCTERMS), ("FOAF", FOAF), ("ORG", ORG), ("PROV", PROV)):
        assert getattr(prefixes, name) == str(known), name
    assert str(namespaces.IPGOV) == prefixes.IPGOV and str(namespaces.IPGOV_ID) == prefixes.IPGOV_ID
