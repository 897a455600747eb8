"""A local server process and what every kind shares: its URLs, a free port, waiting until it
answers, stopping it (SIGTERM, then SIGKILL) and removing its folder."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from graph_builder.errors import EndpointError, UsageError


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningServer:
    """A server process started by this module, with the URLs a client needs."""

    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    store_url: str  # SPARQL 1.1 Graph Store Protocol endpoint (loading)
    query_url: str  # SPARQL 1.1 query endpoint
    workdir: Path | None  # None: not known (yet) to this process; its supervisor removes it
    log_path: Path | None  # None: the log is log_file, which has no name
    user: str | None = None
    password: str | None = None
    log_file: BinaryIO | None = None  # a nameless log (supervised), readable after the folder is gone
    _last_log: str | None = field(default=None, repr=False)  # the end of log_file once closed

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL after ``timeout`` s) and remove its folder."""
        end_process(self.process, timeout)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self.log_file is not None and not self.log_file.closed:
            self._last_log = self.log_text()
            self.log_file.close()

    def log_text(self, size: int = 65536) -> str:
        """The last ``size`` bytes of the server's log (all of a named one), as text."""
        if self.log_file is not None:
            if self.log_file.closed:
                return self._last_log or ""
            length = os.fstat(self.log_file.fileno()).st_size
            data = os.pread(self.log_file.fileno(), size, max(0, length - size))
            return data.decode("utf-8", errors="replace")
        if self.log_path is None:
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the server's log, for error messages."""
        try:
            text = self.log_text()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text.splitlines()[-lines:] if line.strip())

    def __enter__(self) -> RunningServer:
        """Use the server in a ``with`` block; it stops at the end."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()


def end_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Close its pipes (end of file on its standard input tells a supervisor we are gone) and stop it
    (SIGTERM, then SIGKILL after ``timeout`` s)."""
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def wait_until_ready(server: RunningServer, timeout: float) -> None:
    """Poll the query URL until the server answers; raise EndpointError if it dies or times out."""
    deadline = time.monotonic() + timeout
    probe = server.query_url + "?query=ASK%7B%7D"
    while True:
        if server.process.poll() is not None:
            server.stop()
            problem = f"{server.name} exited at start-up: {server.log_tail()}"
            raise EndpointError(server.base_url, problem)
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise EndpointError(server.base_url, f"{server.name} not ready after {timeout:.0f} s")
        time.sleep(0.2)


def wait_or_stop(server: RunningServer, timeout: float) -> None:
    try:
        wait_until_ready(server, timeout)
    except BaseException:  # also Ctrl-C: leave no process and no folder behind
        server.stop()
        raise


def check_port_free(bind: str, port: int) -> None:
    """Raise UsageError unless this machine can listen on ``bind:port`` now (0: any port).

    Binds a socket as the server will (``SO_REUSEADDR``, as Oxigraph's listener sets), so a
    port in use, an address that is not this machine's or a name that does not resolve is
    found before the server starts, and before anything says it is serving.
    """
    try:
        infos = socket.getaddrinfo(bind, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise UsageError(f"--bind {bind!r}: not an address or host name ({error})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            where = f"{host_for_url(bind)}:{port}"
            if error.errno == errno.EADDRINUSE:
                problem = f"port {port} is in use; choose another --port (0 picks a free one)"
                raise UsageError(f"{where}: {problem}") from None
            raise UsageError(f"--bind {bind}: cannot listen there ({error.strerror or error})") from None


def bind_address(bind: str, port: int) -> str:
    return f"[{bind}]:{port}" if ":" in bind and not bind.startswith("[") else f"{bind}:{port}"


def host_for_url(bind: str) -> str:
    return "127.0.0.1" if bind in ("", "0.0.0.0") else (f"[{bind}]" if ":" in bind else bind)


def stop_quietly(server: RunningServer | None) -> None:
    """Stop ``server`` if it is not None, ignoring errors (for ``finally`` blocks)."""
    if server is not None:
        with contextlib.suppress(OSError):
            server.stop()
