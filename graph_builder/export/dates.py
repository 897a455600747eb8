"""The timeline rule: RDF dates (full or partial) to the GEXF start dates of nodes and edges."""

from __future__ import annotations

import re

from graph_builder import namespaces as V

XSD = str(V.XSD)

_YEAR = re.compile(r"^(-?\d{4})(?:Z|[+-]\d{2}:\d{2})?$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def timeline_date(lexical: str, datatype: str = XSD + "date") -> str | None:
    """The day a dated thing starts on the timeline, as ``YYYY-MM-DD``.

    One rule for partial dates: a period starts on its first day, so ``xsd:gYearMonth``
    ``2017-03`` (2017年3月) starts on 2017-03-01 and ``xsd:gYear`` ``2013`` on 2013-01-01.
    Values that are not dates give ``None``.

    >>> timeline_date("2017-03", XSD + "gYearMonth"), timeline_date("2013", XSD + "gYear")
    ('2017-03-01', '2013-01-01')
    >>> timeline_date("2018-08-15T10:00:00", XSD + "dateTime")
    '2018-08-15'
    """
    text = lexical.strip()
    if datatype == XSD + "gYear" or _YEAR.match(text):
        match = _YEAR.match(text)
        return f"{match.group(1)}-01-01" if match and not match.group(1).startswith("-") else None
    if datatype == XSD + "gYearMonth" or _YEAR_MONTH.match(text):
        match = _YEAR_MONTH.match(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return f"{match.group(1)}-{match.group(2)}-01"
        return None
    match = _DATE.match(text)
    if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
        return match.group(0)
    return None


def latest(*dates: str | None) -> str | None:
    """The latest of the known dates (``None`` when none is known).

    >>> latest("2013-01-01", None, "2018-08-15")
    '2018-08-15'
    """
    known = [d for d in dates if d]
    return max(known) if known else None


def earliest(dates: list[str | None] | set[str | None]) -> str | None:
    """The earliest of the known dates (``None`` when none is known)."""
    known = [d for d in dates if d]
    return min(known) if known else None
