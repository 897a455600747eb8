"""The namespaces the graph uses, as plain IRI strings, and the prefixes written for them.

The one place these IRIs are spelled. ``namespaces`` makes rdflib namespaces of them for the code
that builds and reads graphs; commands that only send a query and print its rows (``ipgov query``
answered from the cache, a parameter's name lookup) read them here, without importing rdflib
(about a tenth of a second of every such call).
"""

from __future__ import annotations

IPGOV = "https://w3id.org/ipgov/ontology#"
IPGOV_ID = "https://w3id.org/ipgov/id/"
IPGOV_GRAPH = "https://w3id.org/ipgov/graph/"  # a letter's graph: IPGOV_GRAPH + its key
IPGOV_SHAPES = "https://w3id.org/ipgov/shapes#"  # the SHACL shapes (shapes/*.ttl)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ELI = "http://data.europa.eu/eli/ontology#"
ELI_DL = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"
CV = "http://data.europa.eu/m8g/"
QB = "http://purl.org/linked-data/cube#"
SCHEMA = "https://schema.org/"
VANN = "http://purl.org/vocab/vann/"

# The kinds of ipgov-id: things that recur across letters: their key is a hash of the canonical
# name (``iri.thing_iri``), so the same name in two letters is one thing.
SHARED_KINDS = frozenset({"person", "group", "org", "policy", "provision", "platform", "case", "event", "place"})

PREFIXES: dict[str, str] = {
    "ipgov": IPGOV,
    "ipgov-id": IPGOV_ID,
    "ipgov-graph": IPGOV_GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "prov": PROV,
    "oa": OA,
    "eli": ELI,
    "eli-dl": ELI_DL,
    "cv": CV,
    "qb": QB,
    "schema": SCHEMA,
    "vann": VANN,
}
