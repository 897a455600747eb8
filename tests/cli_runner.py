"""Run the ``ipgov`` command in-process, as the tests of several modules do."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from graph_builder.cli import main


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``ipgov ARGV…`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()
