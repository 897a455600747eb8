"""SHACL validation of letter graphs: per letter in parallel, the union once, readable reports.

Public API: :func:`validate_paths`, :func:`render`, :func:`validate_build`.
"""

from __future__ import annotations

from pathlib import Path

from graph_builder.validate.run import SCOPES, Report, validate_graphs, validate_paths

FORMATS = ("text", "md", "html", "ttl", "json")


def render(report: Report, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    if fmt == "text":
        from graph_builder.validate.report_text import render_text

        return render_text(report)
    if fmt == "md":
        from graph_builder.validate.report_text import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from graph_builder.validate.report_html import render_html

        return render_html(report)
    if fmt == "ttl":
        from graph_builder.validate.report_rdf import render_turtle

        return render_turtle(report)
    if fmt == "json":
        from graph_builder.validate.report_rdf import render_json

        return render_json(report)
    raise ValueError(f"unknown report format: {fmt}")


def validate_build(out_dir: Path, jobs: int | None = None, engine: str = "fast") -> tuple[bool, Path]:
    """Validate ``out_dir/dataset.nq``; write ``validation-report.txt`` and ``.html`` beside it.

    :param out_dir: an ``ipgov build`` output folder
    :param jobs: worker processes (default: all cores)
    :param engine: the SHACL Core engine, ``fast`` or ``pyshacl`` (the reference; same results)
    :returns: (conforms, path of the text report)
    :raises InputError: when the folder holds no readable dataset.nq
    """
    from graph_builder.corpus import layout
    from graph_builder.corpus.atomic import atomic_write

    report = validate_paths([Path(out_dir)], "both", jobs, engine=engine)
    text_path = Path(out_dir) / layout.VALIDATION_REPORT
    atomic_write(text_path, render(report, "text"))
    atomic_write(Path(out_dir) / layout.VALIDATION_REPORT_HTML, render(report, "html"))
    return report.conforms, text_path


__all__ = ["FORMATS", "SCOPES", "Report", "render", "validate_build", "validate_graphs", "validate_paths"]
