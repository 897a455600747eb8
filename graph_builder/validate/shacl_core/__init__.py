"""The fast engine: SHACL Core shapes compiled once into Python checks over a letter's triples.

pySHACL (the reference engine, ``--engine pyshacl``) needs an rdflib Graph of the letter and
evaluates every constraint through rdflib objects: about 0.45 s of CPU a letter. This module
reads the same shapes graph once per process, compiles each shape into a list of checks,
and runs them on :class:`~graph_builder.validate.triples.LetterTriples` (terms as N-Triples
text, no RDF objects), giving the same ``sh:ValidationResult`` fields as pySHACL: focus
node, path, value, source shape, constraint component, severity and messages.

It follows pySHACL 0.40's semantics rather than the letter of the SHACL spec where the two
differ (``tests/test_validate_engines.py`` compares both on every fixture and letter):

- value nodes follow pySHACL's path walk (an inverse flag carried into sequences too);
- a property shape is evaluated once per value node of its parent, a nested shape
  (``sh:or``, ``sh:node``, ``sh:qualifiedValueShape``) once per value node, and it
  "conforms" as pySHACL decides with warnings and infos allowed (a shape of severity
  Warning or Info always conforms; otherwise a failing constraint breaks conformance
  unless all its results are warnings or infos);
- literal checks (``sh:datatype``, ``sh:minInclusive``, ``sh:lessThan``, ``sh:in``,
  ``sh:pattern``, ``sh:minLength``) decide the common case from the N-Triples text and
  hand any other to rdflib, as pySHACL would see it (an ill-typed literal fails
  ``sh:datatype``; ``"abc"^^xsd:gYear`` passes it, since rdflib does not check gYear).

What it does not know it refuses at compile time (:class:`Unsupported`): SPARQL-based
targets, implicit class targets, recursive shapes, a shape that can report without a
``sh:message``, and constraint parameters outside :data:`SUPPORTED`. The caller then falls
back to pySHACL (``letters.core_results``).

The modules: ``base`` (what it implements), ``paths`` (paths and the letter), ``literals``
(literal tests), ``shape`` (a compiled shape), ``checks`` (a check per constraint) and
``compiler`` (the shapes graph compiled).
"""

from __future__ import annotations

from graph_builder.validate.shacl_core.base import ALLOWED, PARAMETERS, SUPPORTED, VIOLATION, Unsupported
from graph_builder.validate.shacl_core.compiler import CompiledShapes, compile_shapes
from graph_builder.validate.shacl_core.literals import datatype_matches, value_string
from graph_builder.validate.shacl_core.paths import Context, PathStep, compile_path, path_values
from graph_builder.validate.shacl_core.shape import CompiledShape, Report

__all__ = [
    "ALLOWED", "PARAMETERS", "SUPPORTED", "VIOLATION", "CompiledShape", "CompiledShapes", "Context", "PathStep",
    "Report", "Unsupported", "compile_path", "compile_shapes", "datatype_matches", "path_values", "value_string",
]
