"""Literal checks: the common case decided from the N-Triples text, the rest through rdflib as
pySHACL would see it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from graph_builder.validate.shacl_core.paths import Context, Test
from graph_builder.validate.triples import KEPT, literal_parts, rdflib_term

_XSD_STRING, _LANG_STRING, _XSD_DATE = str(XSD.string), str(RDF.langString), str(XSD.date)
_INTEGER_KEYS = frozenset({f"<{XSD.integer}>", f"<{XSD.nonNegativeInteger}>"})
_DIGITS = re.compile(r"(?:0|[1-9][0-9]*)\Z")

_INTEGERS: dict[str, int | None] = {}


def _integer_value(term: str) -> int | None:
    """The value of ``"digits"^^xsd:integer`` or ``…nonNegativeInteger``, else None."""
    if term[-1] != ">" or term[0] != '"':
        return None
    if term in _INTEGERS:
        return _INTEGERS[term]
    close = term.rindex('"')
    value = int(term[1:close]) if term[close + 3 :] in _INTEGER_KEYS and _DIGITS.match(term, 1, close) else None
    if len(_INTEGERS) > 100_000:
        _INTEGERS.clear()
    _INTEGERS[term] = value
    return value


def datatype_test(datatype: str) -> Test:
    """The sh:datatype test of one rule: strings and tags from the text, typed literals remembered."""
    slow = memo(lambda v: datatype_matches(v, datatype))

    def simple(ctx: Context, v: str) -> bool:
        return (v[0] == '"' and v[-1] == '"') or slow(v)

    def tagged(ctx: Context, v: str) -> bool:
        return (v[0] == '"' and v[-1] not in '">') or slow(v)

    def other(ctx: Context, v: str) -> bool:
        return slow(v)

    return simple if datatype == _XSD_STRING else tagged if datatype == _LANG_STRING else other


def datatype_matches(term: str, datatype: str) -> bool:
    """pySHACL's sh:datatype test of one value (``datatype`` an IRI string)."""
    if term[0] == '"':
        if datatype == _XSD_STRING:
            if term[-1] == '"':
                return True  # a simple literal
        elif datatype == _LANG_STRING:
            if term[-1] not in '">':
                return True  # a language-tagged literal
        elif term[-1] == ">" and _well_typed(term, datatype):
            return True
    return _datatype_matches_rdflib(term, datatype)


# Datatypes whose common lexical forms are known well-typed here, as rdflib reads them: digits for
# xsd:integer and xsd:nonNegativeInteger (a Python int), a plain decimal (a Decimal), a calendar
# date (a date), and gYear and gYearMonth, which rdflib does not check (pySHACL accepts them).
_WELL_TYPED = {
    str(XSD.integer): KEPT[f"<{XSD.integer}>"], str(XSD.nonNegativeInteger): KEPT[f"<{XSD.nonNegativeInteger}>"],
    str(XSD.decimal): KEPT[f"<{XSD.decimal}>"], str(XSD.date): KEPT[f"<{XSD.date}>"],
    str(XSD.gYear): KEPT[f"<{XSD.gYear}>"], str(XSD.gYearMonth): KEPT[f"<{XSD.gYearMonth}>"],
}


def _well_typed(term: str, datatype: str) -> bool:
    """Whether a typed literal certainly has ``datatype`` and a form rdflib reads as that type."""
    pattern = _WELL_TYPED.get(datatype)
    if pattern is None or not term.endswith(f'"^^<{datatype}>'):
        return False
    close = term.rindex('"')
    if not pattern.match(term, 1, close):
        return False
    if datatype == _XSD_DATE:
        try:
            date.fromisoformat(term[1:close])
        except ValueError:
            return False
    return True


@lru_cache(maxsize=4096)
def _datatype_matches_rdflib(term: str, datatype: str) -> bool:
    """``DatatypeConstraintComponent.evaluate`` of pySHACL 0.40 for one value node."""
    value, rule = rdflib_term(term), URIRef(datatype)
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return value.ill_typed is not True and _actual_datatype(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual_datatype(value, rule)
    if rule == RDF.langString and value.language:
        return _actual_datatype(value, rule)
    return False


def _actual_datatype(value: Literal, rule: URIRef) -> bool:
    """pySHACL's ``_assert_actual_datatype``: the Python value has the datatype's type."""
    from datetime import date, datetime, time
    from decimal import Decimal

    python = value.value
    checks: dict[URIRef, Any] = {
        XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
        XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
    }
    expected = checks.get(rule)
    return True if expected is None else isinstance(python, expected)


def value_string(term: str) -> str:
    """pySHACL's ``value_node_to_string`` (for sh:pattern and sh:minLength)."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"' and "\\" not in term:
        return literal_parts(term)[0]
    node = rdflib_term(term)
    if isinstance(node, Literal) and node.value is not None and node.datatype in (None, RDF.langString, XSD.string):
        return str(node.value)
    return str(node)


def _compare_literal(left: Literal, right: Literal) -> int:
    """pySHACL's ``compare_literal`` (rdfutil.compare)."""
    import datetime

    if left.eq(right):
        return 0
    if left.value.__class__ in (datetime.datetime, datetime.time):
        if left.value == right.value:
            return 0
        if left.value > right.value:
            return 1
    elif left > right:
        return 1
    return -1


def min_inclusive(term: str, bound: Literal) -> bool:
    """pySHACL's sh:minInclusive test of one value."""
    number = _integer_value(term)
    if number is not None and bound.datatype == XSD.integer and isinstance(bound.value, int):
        return number >= bound.value
    if term[0] != '"':
        return False
    value = rdflib_term(term)
    assert isinstance(value, Literal)
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        return _compare_literal(value, bound) >= 0
    except (TypeError, NotImplementedError):
        return False


def less_than(term: str, other: str) -> bool:
    """pySHACL's sh:lessThan test of one pair (``_compare_lt``); raises as pySHACL does on a blank node."""
    left, right = _integer_value(term), _integer_value(other)
    if left is not None and right is not None:
        return left < right

    def comparable(node: Node) -> tuple[Any, bool]:
        if isinstance(node, BNode):
            raise ValueError("Cannot use sh:lessThan to compare a BlankNode.")
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    value, value_is_string = comparable(rdflib_term(term) if term[0] != "<" else URIRef(term[1:-1]))
    compare, compare_is_string = comparable(rdflib_term(other) if other[0] != "<" else URIRef(other[1:-1]))
    if value_is_string != compare_is_string:
        return False
    return bool(value < compare)



def memo(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` remembered for typed literals (their texts are short and recur across letters)."""
    known: dict[str, bool] = {}

    def remembered(v: str) -> bool:
        found = known.get(v)
        if found is None:
            found = test(v)
            if v[-1] == ">" and v[0] == '"':
                if len(known) > 50_000:
                    known.clear()
                known[v] = found
        return found

    return remembered
