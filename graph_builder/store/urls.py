"""Endpoint URLs from the command line, checked before anything is sent.

A URL with a line break would inject a header, one with a port that is not a number or out of
range made the HTTP libraries raise with a traceback; each is one line and exit 2 instead.
"""

from __future__ import annotations

import argparse
import re
from urllib.parse import urlsplit

from graph_builder.safe_text import printable

_FORBIDDEN = re.compile(r"[\x00-\x20\x7f]")


def endpoint_url(text: str) -> str:
    """``text`` if it is an http(s) URL with a host and a valid port (an argparse ``type``).

    >>> endpoint_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    """
    shown = printable(text)
    if _FORBIDDEN.search(text):
        raise argparse.ArgumentTypeError(f"{shown}: a URL cannot hold spaces, line breaks or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{shown}: not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{shown}: not an http(s) URL with a host")
    if port == 0:
        raise argparse.ArgumentTypeError(f"{shown}: port 0 is no endpoint")
    return text
