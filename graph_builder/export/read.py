"""Read what an export needs from a pyoxigraph Store: typed things, relations, labels, dates, evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph_builder.export.dates import earliest, timeline_date
from graph_builder.namespaces import IPGOV as _IPGOV
from graph_builder.namespaces import RDF, sparql_prefixes

IPGOV = str(_IPGOV)
RDF_TYPE = str(RDF.type)
DEFAULT_GRAPH = ""  # key of the default graph (files of plain triples)

_PREFIXES = sparql_prefixes("rdf", "skos", "dcterms", "oa", "ipgov")


def _in_any_graph(pattern: str) -> str:
    """A pattern matched in every named graph and in the default graph (``?g`` unbound there)."""
    return f"{{ GRAPH ?g {{ {pattern} }} }} UNION {{ {pattern} }}"


_TYPES = _PREFIXES + f"""SELECT DISTINCT ?g ?x ?c WHERE {{ {_in_any_graph("?x a ?c")}
  FILTER(isIRI(?x) && STRSTARTS(STR(?c), STR(ipgov:))) }}"""
_LABELS = _PREFIXES + f"""SELECT DISTINCT ?x ?l WHERE {{ {_in_any_graph("?x skos:prefLabel ?l")}
  FILTER(isIRI(?x)) }}"""
_RELATIONS = _PREFIXES + f"""SELECT DISTINCT ?g ?s ?p ?o WHERE {{ {_in_any_graph("?s ?p ?o")}
  FILTER(isIRI(?s) && isIRI(?o) && STRSTARTS(STR(?p), STR(ipgov:)) && ?p != ipgov:namedAt) }}"""
_DATES = _PREFIXES + f"""SELECT DISTINCT ?x ?d WHERE {{ {_in_any_graph("?x ?p ?d")}
  VALUES ?p {{ dcterms:date ipgov:startDate ipgov:year }} FILTER(isIRI(?x) && isLiteral(?d)) }}"""
# a fact's evidence: the annotations that reify it; a thing's mentions: the spans it is named at
_EVIDENCE = _PREFIXES + f"""SELECT ?g ?s ?p ?o (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  {_in_any_graph("?a oa:hasTarget ?t ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o")}
}} GROUP BY ?g ?s ?p ?o"""
_MENTIONS = _PREFIXES + f"""SELECT ?g ?s (COUNT(DISTINCT ?span) AS ?n) WHERE {{
  {_in_any_graph("?s ipgov:namedAt ?span")}
}} GROUP BY ?g ?s"""
_TERM_LABELS = _PREFIXES + """SELECT ?t ?l WHERE { ?t skos:prefLabel ?l
  FILTER(STRSTARTS(STR(?t), STR(ipgov:))) }"""

Triple = tuple[str, str, str]


@dataclass
class Tables:
    """The dataset as plain tables keyed by IRI strings (``ipgov:`` terms by local name)."""

    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    graphs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    relations: dict[Triple, set[str]] = field(default_factory=lambda: defaultdict(set))
    own_dates: dict[str, str] = field(default_factory=dict)
    evidence: Counter[Triple] = field(default_factory=Counter)
    mention_spans: Counter[tuple[str, str]] = field(default_factory=Counter)
    term_labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def letter_count(self) -> int:
        """How many reply letters the dataset holds."""
        return sum(1 for classes in self.classes.values() if "ReplyLetter" in classes)

    def letter_dates(self) -> dict[str, str]:
        """Graph → date of the reply letter it holds (graphs whose letter is dated)."""
        dates: dict[str, str] = {}
        for iri, classes in self.classes.items():
            if "ReplyLetter" in classes and iri in self.own_dates:
                for graph in self.graphs[iri]:
                    dates[graph] = min(dates.get(graph, self.own_dates[iri]), self.own_dates[iri])
        return dates

    def start_dates(self) -> dict[str, str | None]:
        """Every typed thing → the earliest date the graph gives it.

        Its own date (a letter's ``dcterms:date``, a platform's or event's ``ipgov:startDate``,
        a case's ``ipgov:year``) when it has one, else the date of the earliest letter that
        names it; ``None`` when neither is known.
        """
        letter_dates = self.letter_dates()
        return {
            iri: self.own_dates.get(iri) or earliest({letter_dates.get(g) for g in graphs})
            for iri, graphs in self.graphs.items()
        }


def _value(term: Any) -> str:
    return "" if term is None else str(term.value)


def _local(iri: str) -> str:
    return iri[len(IPGOV):] if iri.startswith(IPGOV) else iri


def read_tables(store: Any, ontology: Any | None = None) -> Tables:
    """Read the export tables from ``store``.

    :param store: a ``pyoxigraph.Store`` with one named graph per letter
    :param ontology: a ``pyoxigraph.Store`` holding the ontology (labels of predicates);
        default: the project's ontology
    :returns: the tables
    """
    tables = Tables()
    for row in store.query(_TYPES):
        iri, graph = _value(row["x"]), _value(row["g"])
        tables.classes[iri].add(_local(_value(row["c"])))
        tables.graphs[iri].add(graph)
    for row in store.query(_LABELS):
        label = row["l"]
        lang = (label.language or "").split("-")[0].lower()
        if lang in ("zh", "en"):
            iri = _value(row["x"])
            known = tables.labels[iri].get(lang)
            if known is None or label.value < known:  # one per language; min keeps it deterministic
                tables.labels[iri][lang] = label.value
    for row in store.query(_RELATIONS):
        triple = (_value(row["s"]), _local(_value(row["p"])), _value(row["o"]))
        tables.relations[triple].add(_value(row["g"]))
    for row in store.query(_DATES):
        literal = row["d"]
        day = timeline_date(literal.value, literal.datatype.value)
        iri = _value(row["x"])
        if day and (iri not in tables.own_dates or day < tables.own_dates[iri]):
            tables.own_dates[iri] = day
    for row in store.query(_EVIDENCE):
        predicate, count = _value(row["p"]), int(row["n"].value)
        subject, graph = _value(row["s"]), _value(row["g"])
        if predicate == RDF_TYPE:
            tables.mention_spans[(graph, subject)] += count
        else:
            tables.evidence[(subject, _local(predicate), _value(row["o"]))] += count
    for row in store.query(_MENTIONS):
        tables.mention_spans[(_value(row["g"]), _value(row["s"]))] += int(row["n"].value)
    _read_term_labels(tables, ontology)
    return tables


def _read_term_labels(tables: Tables, ontology: Any | None) -> None:
    if ontology is None:
        ontology = ontology_store()
    for row in ontology.query(_TERM_LABELS):
        label = row["l"]
        lang = (label.language or "").split("-")[0].lower()
        if lang in ("zh", "en"):
            labels = tables.term_labels[_local(_value(row["t"]))]
            labels[lang] = min(labels.get(lang, label.value), label.value)


def ontology_store() -> Any:
    """The project's ontology in a pyoxigraph Store."""
    import pyoxigraph

    from graph_builder.resources import ontology_path

    store = pyoxigraph.Store()
    store.load(ontology_path().read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    return store
