"""Run a server program so that it never outlives the process that started it (``ipgov serve``).

Run as ``python -I supervise.py WORKDIR -- PROGRAM ARGS…`` with a pipe as standard input whose
other end only the starting process holds. The supervisor starts the program and stops it
(SIGTERM, then SIGKILL after 10 s) and removes WORKDIR, the server's temporary store, when:

- the pipe reaches end of file: the starting process is gone, even by SIGKILL, which no
  handler sees (the kernel closes its descriptors);
- it gets SIGTERM, SIGINT or SIGHUP itself (the starting process's ``stop``, Ctrl-C on the
  terminal, a closed terminal).

Why a supervisor rather than ``prctl(PR_SET_PDEATHSIG)`` in a ``preexec_fn`` of the server:
that signal would stop the server, but nobody would remove its temporary store; and it fires
when the *thread* that forked exits, and ``preexec_fn`` is unsafe once threads exist. The
supervisor has no threads, so it does set PR_SET_PDEATHSIG (Linux) on the server too, for
the case where the supervisor itself is killed by SIGKILL. It imports only the standard
library (``-I``: nothing from the environment), and exits with the program's exit code.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
from types import FrameType

PR_SET_PDEATHSIG = 1
_stop = False


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _stop
    _stop = True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def main(argv: list[str]) -> int:
    """Supervise ``argv[3:]`` (after ``WORKDIR --``) until the parent goes or a signal comes."""
    workdir, command = argv[1], argv[3:]
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, preexec_fn=preexec)  # no threads in this process
    code: int | None = None
    try:
        while not _stop:
            code = child.poll()
            if code is not None:
                return code
            try:
                readable, _, _ = select.select([0], [], [], 0.2)
            except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for clarity
                continue
            if readable and not os.read(0, 4096):
                break  # end of file: the starting process is gone
        return 0
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
