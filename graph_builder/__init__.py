"""ipgov-kg: a knowledge graph of IP-governance actors from Chinese government reply letters."""

from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__", "build_letter", "extract_facts", "is_compiled", "letter_graph", "parse_letter"]


def is_compiled() -> bool:
    """Whether the per-letter path (parse, extract, emit) runs as C compiled by mypyc.

    Wheels are compiled when built with a C compiler (``hatch_build.py``); editable
    installs and ``IPGOV_COMPILE=0`` builds are pure Python, with the same output.
    """
    from importlib.util import find_spec

    spec = find_spec("graph_builder.rdf.emit")
    return spec is not None and spec.origin is not None and not spec.origin.endswith(".py")


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
