"""Deterministic IRI minting: the same name gives the same IRI on any machine, in any order."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from graph_builder.model import Entity
from graph_builder.namespaces import IPGOV_GRAPH, IPGOV_ID
from graph_builder.prefixes import SHARED_KINDS as SHARED_KINDS  # kinds whose things recur across letters

_SAFE_KEY = re.compile(r"[A-Za-z0-9._-]+")
_SPACE = re.compile(r"\s+")


def identity_text(name: str) -> str:
    """The form of a name that identity is computed on: NFKC, no white space.

    >>> identity_text("ＴＲＩＰＳ 协议")
    'TRIPS协议'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


def name_key(name: str) -> str:
    """A 16-hex-digit key for a canonical name.

    >>> name_key("国家知识产权局") == name_key("国家知识产权局 ")
    True
    """
    return hashlib.sha256(identity_text(name).encode("utf-8")).hexdigest()[:16]


def letter_key_of(stem: str) -> str:
    """The letter key for a file stem: the stem itself when it is plain ASCII, else quoted.

    >>> letter_key_of("000_cf6b83477be807db"), letter_key_of(".."), letter_key_of("a\\nb")
    ('000_cf6b83477be807db', '%2E%2E', 'a%0Ab')
    """
    if not stem.strip("."):  # "." or "..": a step in a path, never a key (control characters are quoted below)
        return stem.replace(".", "%2E") or "%2E"
    if _SAFE_KEY.fullmatch(stem):
        return stem
    return quote(unicodedata.normalize("NFC", stem), safe="")


def thing_iri(kind: str, canonical_name: str) -> URIRef:
    """IRI of a thing that can recur across letters (an org, a policy, a place ...).

    >>> str(thing_iri("org", "国家知识产权局"))[:30]
    'https://w3id.org/ipgov/id/org/'
    """
    return URIRef(thing_uri(kind, canonical_name))


@lru_cache(maxsize=1 << 16)
def thing_uri(kind: str, canonical_name: str) -> str:
    """``thing_iri`` as a plain string, memoised (a corpus names the same things again and again)."""
    if kind not in SHARED_KINDS:
        raise ValueError(f"not a shared kind: {kind}")
    return f"{IPGOV_ID}{kind}/{name_key(canonical_name)}"


def local_thing_uri(kind: str, letter_key: str, canonical_name: str) -> str:
    """IRI of a thing whose identity is scoped to one letter (its name does not say which body it is).

    >>> local_thing_uri("org", "a1", "市市场监督管理局").rsplit("/", 1)[0]
    'https://w3id.org/ipgov/id/org/local/a1'
    """
    if kind not in SHARED_KINDS:
        raise ValueError(f"not a shared kind: {kind}")
    return f"{IPGOV_ID}{kind}/local/{letter_key}/{name_key(canonical_name)}"


def entity_uri(entity: Entity, letter_key: str) -> str:
    """The IRI of an entity of a letter: shared by name, or scoped to the letter when ``entity.local``."""
    if entity.local:
        return local_thing_uri(entity.kind, letter_key, entity.canonical)
    return thing_uri(entity.kind, entity.canonical)


def local_iri(kind: str, letter_key: str, *parts: object) -> URIRef:
    """IRI of a thing of one letter: its measure 3, its figure at offset 120, ..."""
    suffix = "-".join(str(p) for p in parts)
    return IPGOV_ID[f"{kind}/{letter_key}" + (f"-{suffix}" if suffix else "")]


def graph_iri(letter_key: str) -> URIRef:
    """The named graph that holds one letter's facts."""
    return IPGOV_GRAPH[letter_key]


def evidence_iri(letter_key: str, s: str, p: str, o: str, start: int, end: int) -> URIRef:
    """IRI of the annotation saying that text[start:end] states the triple (s, p, o)."""
    digest = hashlib.sha256(f"{s}\n{p}\n{o}\n{start}\n{end}".encode()).hexdigest()[:16]
    return IPGOV_ID[f"evidence/{letter_key}/{digest}"]


def span_iri(letter_key: str, start: int, end: int) -> URIRef:
    """IRI of the span text[start:end] of a letter: an RFC 5147 fragment of its source text,
    shared by every fact that span states."""
    return IPGOV_ID[f"source/{letter_key}#char={start},{end}"]
