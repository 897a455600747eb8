"""Load and run a server so that nothing of it outlives the process that started it (``ipgov serve``).

Run as ``python -I supervise.py DIR PREFIX STEPS`` where STEPS is a JSON list of command lines,
with a pipe as standard input whose other end only the starting process holds, a pipe as
standard output (the status, read by the starting process) and the log as standard error.
The supervisor:

1. makes the temporary folder itself (``tempfile.mkdtemp(prefix=PREFIX, dir=DIR)``) and
   writes ``workdir "PATH"`` (PATH as a JSON string) on standard output;
2. runs the steps one after another in that folder (each with the log as output, so relative
   paths such as ``--location store`` land in it): the loaders (``oxigraph load …``) first,
   each of which must exit 0, then the last one, the server, after writing ``serving``;
3. stops the step that runs (SIGTERM, then SIGKILL after 10 s) and removes the folder when:

   - the pipe reaches end of file: the starting process is gone, even by SIGKILL, which no
     handler sees (the kernel closes its descriptors) - in the middle of loading as well;
   - it gets SIGTERM, SIGINT or SIGHUP itself (the starting process's ``stop``, Ctrl-C on the
     terminal, a closed terminal);
   - a loader fails (it exits with the loader's code and without ``serving``: the reason is
     the last line of the log) or the server exits (it exits with the server's code).

Since the folder is made and the loaders are started here, and this process is started before
either, there is no moment at which the starting process can die and leave them behind.

Why a supervisor rather than ``prctl(PR_SET_PDEATHSIG)`` in a ``preexec_fn`` of the server:
that signal would stop the server, but nobody would remove its temporary store; and it fires
when the *thread* that forked exits, and ``preexec_fn`` is unsafe once threads exist. The
supervisor has no threads, so it does set PR_SET_PDEATHSIG (Linux) on each step too, for
the case where the supervisor itself is killed by SIGKILL. It imports only the standard
library (``-I``: nothing from the environment).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from types import FrameType

PR_SET_PDEATHSIG = 1
STOPPED = None  # what _watch returns when the starting process went or a signal came
_stop = False


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _stop
    _stop = True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _say(line: str) -> None:
    """One status line for the starting process (which may be gone: then nobody reads it)."""
    with contextlib.suppress(OSError):
        os.write(1, (line + "\n").encode("utf-8", "surrogateescape"))


def _parent_gone(wait: float = 0.2) -> bool:
    """Wait up to ``wait`` s for end of file on standard input: the starting process is gone."""
    try:
        readable, _, _ = select.select([0], [], [], wait)
    except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for clarity
        return False
    return bool(readable) and not os.read(0, 4096)


def _watch(child: subprocess.Popen[bytes]) -> int | None:
    """The child's exit code once it exits, or STOPPED when the starting process goes or a signal comes."""
    while not _stop:
        code = child.poll()
        if code is not None:
            return code
        if _parent_gone():
            return STOPPED
    return STOPPED


def _end(child: subprocess.Popen[bytes] | None) -> None:
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: list[str]) -> int:
    """Make the folder, run the steps of ``argv[3]`` in it, remove it; the exit code of the step that ended it."""
    parent, prefix, steps = argv[1], argv[2], json.loads(argv[3])
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    workdir = tempfile.mkdtemp(prefix=prefix, dir=parent)
    child: subprocess.Popen[bytes] | None = None
    try:
        _say(f"workdir {json.dumps(workdir)}")
        for number, command in enumerate(steps):
            if _stop or _parent_gone(0):
                return 0
            # no threads in this process: preexec_fn is safe
            child = subprocess.Popen(command, cwd=workdir, stdin=subprocess.DEVNULL, stdout=2, stderr=2,
                                     preexec_fn=preexec)
            last = number == len(steps) - 1
            if last:
                _say("serving")
            code = _watch(child)
            if code is STOPPED:
                return 0
            if code != 0 or last:
                return code
        return 0
    finally:
        _end(child)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
