"""Workaround: pySHACL 0.40 looks constraint parameters up in a list, once per shape evaluation.

``Shape.validate`` runs ``p in search_parameters`` for every predicate of the shape, with
``search_parameters`` a list of about 40 IRIs, each test a Python-level ``URIRef.__eq__``.
Nested shapes (sh:or, sh:qualifiedValueShape) are evaluated once per value node, so on a
letter graph this costs a quarter of the validation time. Giving pySHACL's own cache a
frozenset instead changes no result (the fixture tests compare with unpatched pySHACL).
``tests/test_validate.py`` fails when upstream changes the cache this relies on.
"""

from __future__ import annotations


def install() -> bool:
    """Pre-fill pySHACL's parameter cache with a frozenset; returns False if the hook is gone."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    if not hasattr(shape_module, "module"):
        return False
    # pySHACL creates this cache attribute at runtime with setattr(); its type information does not declare it
    shape_module.module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
        frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP
    )
    return True
