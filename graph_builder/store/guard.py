"""What ``ipgov query`` agrees to send: one SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE), never an update.

A query endpoint may run updates sent to it (Virtuoso's ``/sparql`` runs ``INSERT`` and ``DROP``
given as a ``query``), and the embedded store would run ``SERVICE`` calls to any address
named in a query file. The text is read by a small lexer, not a full SPARQL parser: comments,
strings and IRIs are removed, then every bare word is looked at. Update keywords are not words
of the query language, so one anywhere outside a string, an IRI or a prefixed name refuses the
text; a variable (``?insert``) or a prefixed name (``ex:DROP``) is not a bare word.
"""

from __future__ import annotations

import re

from graph_builder.errors import UsageError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings first
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # an IRI (no spaces: ``?a < ?b`` is a comparison)
    r"|#[^\n]*",
    re.DOTALL,
)
# a bare word: not a variable, not part of a prefixed name or a number, not a language tag
_WORD = re.compile(r"(?<![\w?$:@.\-])([A-Za-z_]\w*)(?![\w:\-])")


def bare_words(text: str) -> list[str]:
    """The keywords and function names of a SPARQL text, upper-cased, in order.

    >>> bare_words('PREFIX ex: <http://e/> SELECT ?insert { ?s ex:DROP "DELETE" } # LOAD')
    ['PREFIX', 'SELECT']
    """
    return [word.upper() for word in _WORD.findall(_SKIP.sub(" ", text))]


def check_query(text: str, where: str, allow_service: bool = True) -> str:
    """The form of ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE) if it is a query and not an update.

    :param where: how the message names the query (its file or canned name)
    :param allow_service: False to refuse ``SERVICE`` (a call to another endpoint)
    :raises UsageError: an update, no query form, or ``SERVICE`` when not allowed
    """
    words = bare_words(text)
    updates = sorted(UPDATE_WORDS.intersection(words))
    if updates:
        raise UsageError(
            f"{where}: a SPARQL update ({', '.join(updates)}); ipgov query sends only queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    form = next((word for word in words if word not in ("PREFIX", "BASE")), "")
    if form not in QUERY_FORMS:
        raise UsageError(f"{where}: not a SPARQL query (it must be a SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if not allow_service and "SERVICE" in words:
        raise UsageError(
            f"{where}: SERVICE calls another endpoint from the embedded store; pass --allow-service to permit it"
        )
    return form
