"""The actor view: documents, measures, cases and platforms collapsed into actor–actor edges."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graph_builder.export.dates import earliest, latest
from graph_builder.export.nodes import AGENT_CLASSES, add_nodes
from graph_builder.export.read import IPGOV, Tables


@dataclass(frozen=True)
class Relation:
    """A derived actor–actor relation: its labels and the property it is read through."""

    key: str
    label_zh: str
    label_en: str
    via: str  # the ipgov: property the relation is read through


ANSWERED = Relation("answered", "答复", "answered", "answers")
CO_HANDLED = Relation("coHandledWith", "共同办理", "co-handled with", "coHandler")
SAME_CASE = Relation("citedTogether", "同案援引", "cited together", "cites")
SAME_MEASURE = Relation("sameMeasure", "同一举措提及", "named in the same measure", "mentions")
SAME_PLATFORM = Relation("samePlatform", "共建平台", "same platform", "hostedBy")
RELATIONS = (ANSWERED, CO_HANDLED, SAME_CASE, SAME_MEASURE, SAME_PLATFORM)


class _Index:
    """Objects by subject and predicate, with the graphs that state each triple."""

    def __init__(self, tables: Tables) -> None:
        self.out: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_predicate: dict[str, set[str]] = defaultdict(set)
        self.graphs = tables.relations
        for subject, predicate, obj in tables.relations:
            self.out[(subject, predicate)].add(obj)
            self.by_predicate[predicate].add(subject)

    def objects(self, subject: str, *predicates: str) -> set[str]:
        return set().union(*(self.out.get((subject, p), set()) for p in predicates))

    def graphs_of(self, subject: str, *predicates: str) -> set[str]:
        found: set[str] = set()
        for predicate in predicates:
            for obj in self.out.get((subject, predicate), ()):
                found |= self.graphs[(subject, predicate, obj)]
        return found


def _contexts(index: _Index) -> list[tuple[Relation, str, list[tuple[str, str]], set[str]]]:
    """(relation, context thing, actor pairs, graphs) for every letter, case, measure, platform."""
    found: list[tuple[Relation, str, list[tuple[str, str]], set[str]]] = []
    for letter in sorted(index.by_predicate["respondingAgency"] | index.by_predicate["coHandler"]):
        authors = index.objects(letter, "respondingAgency")
        graphs = index.graphs_of(letter, "respondingAgency", "coHandler")
        proposers = set().union(*(index.objects(m, "proposer") for m in index.objects(letter, "answers")))
        answered = proposers or index.objects(letter, "addressedTo")
        found.append((ANSWERED, letter, [(a, p) for a in authors for p in answered], graphs))
        handlers = authors | index.objects(letter, "coHandler")
        found.append((CO_HANDLED, letter, list(combinations(sorted(handlers), 2)), graphs))
    parties = ("plaintiff", "defendant", "court")
    for case in sorted(set().union(*(index.by_predicate[p] for p in parties))):
        members = sorted(index.objects(case, *parties))
        found.append((SAME_CASE, case, list(combinations(members, 2)), index.graphs_of(case, *parties)))
    named = ("mentions", "responsibleBody")
    measures = {m for letter in index.by_predicate["hasMeasure"] for m in index.objects(letter, "hasMeasure")}
    for measure in sorted(measures):
        members = sorted(index.objects(measure, *named))
        found.append((SAME_MEASURE, measure, list(combinations(members, 2)), index.graphs_of(measure, *named)))
    bodies = ("approvedBy", "hostedBy")
    for platform in sorted(index.by_predicate["approvedBy"] | index.by_predicate["hostedBy"]):
        members = sorted(index.objects(platform, *bodies))
        found.append((SAME_PLATFORM, platform, list(combinations(members, 2)), index.graphs_of(platform, *bodies)))
    return found


def actor_graph(tables: Tables) -> nx.MultiDiGraph:
    """The actor view: persons and organisations; edges answered, co-handled with, cited
    together (parties and court of one cited case), named in the same measure, same platform.

    Weight = the number of letters, cases, measures or platforms behind the edge. The view is
    undirected (Gephi and networkx both read it); in "answered" the source is the answering body.
    """
    graph = nx.MultiDiGraph(view="actors", edgetype="undirected")
    add_nodes(graph, tables, AGENT_CLASSES)
    starts = tables.start_dates()
    support: dict[tuple[str, str, Relation], tuple[set[str], set[str]]] = {}
    for relation, context, pairs, graphs in _contexts(_Index(tables)):
        for u, v in pairs:
            if u == v or u not in graph or v not in graph:
                continue
            contexts, letters = support.setdefault((u, v, relation), (set(), set()))
            contexts.add(context)
            letters |= graphs
    for (u, v, relation), (contexts, letters) in sorted(support.items(), key=lambda i: (i[0][0], i[0][1], i[0][2].key)):
        graph.add_edge(
            u, v, key=relation.key,
            predicate=IPGOV + relation.via,
            label_zh=relation.label_zh,
            label_en=relation.label_en,
            letters=len(letters),
            weight=len(contexts),
            start=latest(earliest({starts.get(c) for c in contexts}), graph.nodes[u]["start"], graph.nodes[v]["start"]),
        )
    return graph
