"""ipgov-kg: a knowledge graph of IP-governance actors from Chinese government reply letters."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_letter", "extract_facts", "letter_graph", "parse_letter"]


def __getattr__(name: str) -> object:
    # Lazy re-exports keep `import graph_builder` (and `ipgov --help`) fast.
    if name == "parse_letter":
        from graph_builder.text.parse import parse_letter

        return parse_letter
    if name == "extract_facts":
        from graph_builder.extract import extract_facts

        return extract_facts
    if name == "letter_graph":
        from graph_builder.rdf.emit import letter_graph

        return letter_graph
    if name == "build_letter":
        from graph_builder.pipeline import build_letter

        return build_letter
    raise AttributeError(name)
