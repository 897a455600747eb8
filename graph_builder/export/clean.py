"""Make strings safe for XML 1.0 and for ``xsd:token`` labels (hostile names must not break a file)."""

from __future__ import annotations

import re

# XML 1.0 allows tab, LF, CR and these ranges only; everything else (C0/C1 controls, lone
# surrogates, U+FFFE/U+FFFF) makes the file ill-formed.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")


def xml_text(value: object) -> str:
    """``value`` as text with every character XML 1.0 forbids removed.

    >>> xml_text("a\\x00b\\x1fc\\x7f")
    'abc'
    """
    return _NOT_XML.sub("", str(value))


def one_line(value: object) -> str:
    """``value`` as XML text on one line: whitespace runs become one space, ends are trimmed
    (the ``xsd:token`` form GEXF requires for labels).

    >>> one_line(" a\\n\\tb  c ")
    'a b c'
    """
    return _SPACE.sub(" ", xml_text(value)).strip()
