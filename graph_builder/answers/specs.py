"""What each served canned query needs: the variables its letters' rows keep, how its parameters
apply to rows, its ``COUNT`` group, and the digest of the query text it was written for."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph_builder.answers.terms import XSD_INTEGER, Row, lexical, term_of

Apply = Callable[[list[Row], dict[str, str | None], tuple[str, ...]], list[Row]]  # parameters on rows


@dataclass(frozen=True)
class Spec:
    """How one canned query is answered from per-letter rows."""

    digest: str  # sha256 (first 16 hex digits) of the query text this spec was written against
    variables: tuple[str, ...]  # the variables each letter's rows keep
    params: Apply | None = None
    group: tuple[tuple[str, ...], str, str] | None = None  # (keys, counted variable, count's name)
    select: tuple[str, ...] | None = None  # the row query's SELECT items, when not just ``variables``


def _join(variable: str) -> Apply:
    """A parameter bound by ``VALUES`` and joined with the group: a row whose value is another
    term is dropped, an unbound one takes the parameter's value (SPARQL's join)."""

    def apply(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
        value = given.get(variable)
        if value is None:
            return rows
        at = names.index(variable)
        kept = []
        for row in rows:
            if row[at] == value:
                kept.append(row)
            elif row[at] is None:
                kept.append((*row[:at], value, *row[at + 1:]))
        return kept

    return apply


def _either(left: str, right: str, param: str) -> Apply:
    """``FILTER(!BOUND(?param) || ?left = ?param || ?right = ?param)`` for an IRI parameter:
    ``=`` of two IRIs is their identity, and an unbound side is an error (false here)."""

    def apply(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
        value = given.get(param)
        if value is None:
            return rows
        a, b = names.index(left), names.index(right)
        return [row for row in rows if row[a] == value or row[b] == value]

    return apply


def _equal_iri(variable: str, param: str) -> Apply:
    return _either(variable, variable, param)


def _replies_by_agency_year(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?agency) || ?respondingAgency = ?agency) and FILTER(!BOUND(?year) || ?replyYear = ?year):
    # ?replyYear is an xsd:integer (or unbound, then the test is an error: no row); ?year too
    rows = _equal_iri("respondingAgency", "agency")(rows, given, names)
    year = given.get("year")
    if year is None:
        return rows
    at, wanted = names.index("replyYear"), _integer(year)
    return [row for row in rows if row[at] is not None and _integer(row[at]) == wanted]


def _integer(text: str | None) -> int | None:
    term = term_of(text)
    if isinstance(term, ox.Literal) and term.datatype == XSD_INTEGER:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _platforms(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?since) || (BOUND(?startDate) && STR(?startDate) >= STR(?since))): code point order
    since = given.get("since")
    if since is None:
        return rows
    at, floor = names.index("startDate"), lexical(since)
    return [row for row in rows if row[at] is not None and lexical(row[at]) >= floor]


def _foreign_actors(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?role) || ?asRole = STR(?role)): ?asRole is a plain literal
    role = given.get("role")
    if role is None:
        return rows
    at, wanted = names.index("asRole"), '"' + lexical(role)
    return [row for row in rows if row[at] == wanted]


SPECS: dict[str, Spec] = {
    "actor-cooccurrence": Spec(
        "2d64a8247520c045", ("actorA", "nameA", "actorB", "nameB", "measure"), _either("actorA", "actorB", "actor"),
        (("actorA", "nameA", "actorB", "nameB"), "measure", "measures")),
    "class-counts": Spec("8e0bdc0a5b958976", ("class", "letter", "thing")),  # its own merge: _class_counts
    "co-handlers": Spec(
        "f89523b5ed2a1c78", ("agency", "agencyName", "coHandler", "coHandlerName", "letter"), _join("agency"),
        (("agency", "agencyName", "coHandler", "coHandlerName"), "letter", "replies")),
    "commitments-by-body": Spec(
        "7b1e4a222e5a3711", ("body", "bodyName", "how", "letter", "ordinal", "promise"), _join("body")),
    "court-cases": Spec(
        "1c2e7c3a2a3b584d", ("case", "caseName", "plaintiffName", "defendantName", "courtName", "year", "subject",
                             "recognitionName", "letter", "citingAgencyName", "plaintiff", "defendant"),
        _either("plaintiff", "defendant", "party")),
    "figures": Spec(
        "91605e363d95cb22", ("letter", "start", "end", "figure", "value", "numericValue", "unit", "what", "period",
                             "sentence"), _join("letter")),
    "foreign-actors": Spec(
        "225ded9b0c319159", ("kind", "thing", "name", "nameEn", "asRole", "context", "letter"), _foreign_actors),
    "platforms": Spec(
        "7537736557f9095d", ("startDate", "platform", "platformName", "platformKind", "placeName", "approvedByName",
                             "hostedByName", "letter"), _platforms),
    "policies-cited": Spec(
        "b3ab344fc802a4ca", ("policy", "policyName", "policyNameEn", "policyType", "letter", "measure",
                             "measureOrdinal", "measureText"), _join("policy")),
    "provisions-cited": Spec(
        "b0b08defde089402", ("provision", "article", "policy", "policyName", "letter", "agencyName"), _join("policy")),
    "replies-by-agency-year": Spec(
        "dcd3d3f4332c2bfd", ("respondingAgency", "agencyName", "replyYear", "date", "letter", "docNumber",
                             "motionNumber", "motionTitle"), _replies_by_agency_year),
    "replies": Spec(
        "4bcbf479cc596cbf", ("letter", "docNumber", "date", "motion", "motionNumber", "session", "proposer",
                             "proposerName", "respondingAgency", "agencyName", "coHandler", "coHandlerName"),
        _equal_iri("respondingAgency", "agency")),
    "suggestion-measures": Spec(
        "322d6cb75f7f754b", ("letter", "itemOrdinal", "suggestion", "measureOrdinal", "measureType", "measureText"),
        _join("letter")),
    # the labels' group (deduplicated, as its sub-select); the classes' group is kept as CLASSES
    "search-label": Spec(
        "100966e7119ce6e3", ("thing", "label", "labelKind", "labelLang", "lower"),
        select=("thing", "label", "labelKind", "(LANG(?label) AS ?labelLang)", "(LCASE(STR(?label)) AS ?lower)")),
}
CLASSES = "search-label-classes"  # (thing, class) of search-label's GRAPH ?h group
DISTINCT = ("search-label", CLASSES)  # rows kept once: their queries use them only under DISTINCT


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def canned(query: Any) -> Spec | None:
    """The spec of ``query`` when it is a served canned query with the text its spec was written for."""
    spec = SPECS.get(query.name)
    if spec is None or query.path != f"queries/{query.name}.rq" or text_digest(query.text) != spec.digest:
        return None
    return spec
