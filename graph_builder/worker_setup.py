"""What every worker process does first, whichever pool started it."""

from __future__ import annotations

import signal

from graph_builder.orphan import quiet_when_orphaned


def prepare_worker() -> None:
    """Forget the parent's signal handlers and go quiet if the parent dies.

    A forked worker inherits the Python-level handlers of the process that forked it (``ipgov
    serve``'s, or those of a program that calls ipgov in-process): the SIGTERM by which a pool
    stops its workers must end a worker at once, not raise an exception inside whatever it was
    waiting on, which can leave the pool waiting for it forever. Ctrl-C reaches every process of
    the terminal's group: the parent answers it and stops the pool; a worker would only print a
    traceback of its own.
    """
    for name in ("SIGTERM", "SIGHUP"):  # no SIGHUP on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet_when_orphaned()  # a killed parent: no BrokenPipeError tracebacks from its workers
