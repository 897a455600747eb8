"""What the fast engine knows: the constraint parameters it implements, the severities that never
break conformance, and :class:`Unsupported` for the rest."""

from __future__ import annotations

from rdflib.namespace import SH

# pySHACL's allow_warnings=True (and allow_infos=True): the severities that never break conformance
ALLOWED = frozenset({str(SH.Warning), str(SH.Info)})
VIOLATION = str(SH.Violation)
SUPPORTED = frozenset(
    {
        SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"],
        SH["or"], SH.node, SH.property, SH.minInclusive, SH.minLength, SH.lessThan, SH.uniqueLang,
        SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
        SH.languageIn,
    }
)
# Every SHACL Core and SHACL-SPARQL constraint parameter (what a shape may carry at all).
PARAMETERS = SUPPORTED | frozenset(
    {
        SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH.maxLength, SH.equals, SH.disjoint,
        SH.lessThanOrEquals, SH["not"], SH["and"], SH.xone, SH.closed, SH.ignoredProperties, SH.hasValue,
        SH.sparql, SH.expression, SH.js,
    }
)


class Unsupported(Exception):  # noqa: N818 (what it says: the shapes are unsupported)
    """The shapes use something this engine does not implement (pySHACL must run them)."""
