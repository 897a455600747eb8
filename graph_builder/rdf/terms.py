"""RDF terms as N-Triples strings: the emitter's fast path (no rdflib term objects).

The strings are exactly what ``canonical.term_nt`` writes for the matching rdflib terms,
and ``literal_n3`` is exactly rdflib's ``Literal.n3()`` (evidence IRIs hash it), so the
output bytes do not depend on which path produced them; ``tests/test_determinism.py``
checks both against rdflib.
"""

from __future__ import annotations

from decimal import Decimal

from graph_builder.namespaces import RDF
from graph_builder.namespaces import XSD as _XSD

# strings made once, at import: the functions below compare and concatenate plain str
XSD = str(_XSD)
RDF_TYPE = f"<{RDF.type!s}>"
_XSD_STRING = XSD + "string"


def escape(lexical: str) -> str:
    r"""Escape a literal's text for N-Triples: backslash, quote, line feed, carriage return.

    ``str.translate`` would do it in one call but is several times slower on CJK text
    than four ``in`` tests, and most texts need no escape at all.

    >>> escape('a"b\\c\nd')
    'a\\"b\\\\c\\nd'
    """
    if "\\" in lexical:
        lexical = lexical.replace("\\", "\\\\")
    if '"' in lexical:
        lexical = lexical.replace('"', '\\"')
    if "\n" in lexical:
        lexical = lexical.replace("\n", "\\n")
    if "\r" in lexical:
        lexical = lexical.replace("\r", "\\r")
    return lexical


def iri(value: str) -> str:
    """An IRI term.

    >>> iri("https://w3id.org/ipgov/id/org/x")
    '<https://w3id.org/ipgov/id/org/x>'
    """
    return f"<{value}>"


def plain(lexical: str) -> str:
    """A plain (xsd:string) literal.

    >>> plain('a "b"')
    '"a \\\\"b\\\\""'
    """
    return '"' + escape(lexical) + '"'


def lang(lexical: str, tag: str) -> str:
    """A language-tagged literal.

    >>> lang("深圳", "zh")
    '"深圳"@zh'
    """
    return '"' + escape(lexical) + '"@' + tag


def typed(lexical: str, datatype: str) -> str:
    """A typed literal (``datatype`` is the bare datatype IRI; xsd:string gives a plain one).

    >>> typed("5", XSD + "integer")
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if datatype == _XSD_STRING:
        return plain(lexical)
    return '"' + escape(lexical) + '"^^<' + datatype + ">"


def decimal_lexical(number: Decimal) -> str:
    """The lexical form rdflib gives a ``Decimal`` (fixed point, trailing zeros kept).

    >>> decimal_lexical(Decimal("1E+3")), decimal_lexical(Decimal("1.50"))
    ('1000', '1.50')
    """
    return f"{number:f}"


def literal_n3(lexical: str, suffix: str = "") -> str:
    """What rdflib's ``Literal.n3()`` writes: a long string when the text has a newline.

    :param suffix: ``"@zh"``, ``"^^<datatype>"`` or ``""``

    >>> literal_n3("a\\nb", "@zh")
    '\"\"\"a\\nb\"\"\"@zh'
    """
    if "\n" in lexical:
        encoded = lexical.replace("\\", "\\\\")
        if '"""' in lexical:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        body = '"""%s"""' % encoded.replace("\r", "\\r")  # noqa: UP031 -- mirrors rdflib's code
    else:
        body = '"%s"' % lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")  # noqa: UP031
    return body + suffix
