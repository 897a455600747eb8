"""The sh:ValidationReport itself, as Turtle or JSON-LD, written deterministically."""

from __future__ import annotations

import json

from graph_builder import namespaces
from graph_builder.validate.report import Report
from graph_builder.validate.results import Result

SH = str(namespaces.SH)


def _path_ttl(path: str) -> str:
    """SPARQL path text (as produced by ``results.path_text``) as a SHACL path in Turtle."""
    if path.startswith("^"):
        return f"[ sh:inversePath {_path_ttl(path[1:])} ]"
    if path.startswith("(") and path.endswith(")"):
        parts = _split(path[1:-1], "|")
        return "[ sh:alternativePath ( " + " ".join(_path_ttl(p) for p in parts) + " ) ]"
    return path


def _split(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _message_ttl(lang: str, text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return f"{body}@{lang}" if lang else body


def _result_ttl(result: Result) -> str:
    lines = [
        "    a sh:ValidationResult",
        f"    sh:focusNode {result.focus}",
        f"    sh:resultSeverity <{result.severity}>",
        f"    sh:sourceConstraintComponent <{result.component}>",
        f"    sh:sourceShape <{result.shape}>",
    ]
    if result.path:
        lines.append(f"    sh:resultPath {_path_ttl(result.path)}")
    if result.value:
        lines.append(f"    sh:value {result.value}")
    if result.messages:
        lines.append("    sh:resultMessage " + " , ".join(_message_ttl(*m) for m in result.messages))
    return "[\n" + " ;\n".join(lines) + "\n  ]"


def render_turtle(report: Report) -> str:
    """The report as Turtle (results sorted, no blank-node labels)."""
    head = f"@prefix sh: <{SH}> .\n\n[] a sh:ValidationReport ;\n"
    conforms = "true" if report.conforms else "false"
    if not report.results:
        return head + f"  sh:conforms {conforms} .\n"
    body = " ,\n  ".join(_result_ttl(r) for r in sorted(report.results))
    return head + f"  sh:conforms {conforms} ;\n  sh:result {body} .\n"


def _node(term: str) -> dict[str, str] | str:
    if term.startswith("<"):
        return {"@id": term[1:-1]}
    from rdflib.util import from_n3

    literal = from_n3(term)
    out: dict[str, str] = {"@value": str(literal)}
    if getattr(literal, "language", None):
        out["@language"] = literal.language  # type: ignore[union-attr]
    elif getattr(literal, "datatype", None):
        out["@type"] = str(literal.datatype)  # type: ignore[union-attr]
    return out


def _path_json(path: str) -> object:
    if path.startswith("^"):
        return {"sh:inversePath": _path_json(path[1:])}
    if path.startswith("(") and path.endswith(")"):
        return {"sh:alternativePath": {"@list": [_path_json(p) for p in _split(path[1:-1], "|")]}}
    return {"@id": path[1:-1]}


def render_json(report: Report) -> str:
    """The report as JSON-LD (compact, ``sh:`` prefix, results sorted)."""
    results = []
    for result in sorted(report.results):
        item: dict[str, object] = {
            "@type": "sh:ValidationResult",
            "sh:focusNode": _node(result.focus),
            "sh:resultSeverity": {"@id": result.severity},
            "sh:sourceConstraintComponent": {"@id": result.component},
            "sh:sourceShape": {"@id": result.shape},
        }
        if result.path:
            item["sh:resultPath"] = _path_json(result.path)
        if result.value:
            item["sh:value"] = _node(result.value)
        item["sh:resultMessage"] = [
            {"@value": text, "@language": lang} if lang else {"@value": text} for lang, text in result.messages
        ]
        results.append(item)
    document = {
        "@context": {"sh": SH},
        "@type": "sh:ValidationReport",
        "sh:conforms": report.conforms,
        "sh:result": results,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
