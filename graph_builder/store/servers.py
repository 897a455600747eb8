"""Start and stop local SPARQL servers (Oxigraph, Virtuoso 7) on 127.0.0.1 for ``serve`` and tests.

Each server runs in a temporary folder of its own, on a free port, and is stopped (and the
folder removed) by :meth:`RunningServer.stop`, which a ``with`` block calls for you.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from graph_builder.errors import EndpointError, UsageError

OXIGRAPH_HINT = "install the Oxigraph server with: pip install oxigraph"
VIRTUOSO_HINT = (
    "install Virtuoso 7 with: sudo apt-get install virtuoso-opensource-7-bin "
    "(Debian/Ubuntu; or run .ci/install-servers.sh)"
)


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server program: beside this Python (a venv) or on PATH; None if absent."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def virtuoso_binaries() -> tuple[str, str] | None:
    """``(virtuoso-t, isql-vt)`` from PATH or /usr/bin; None if either is absent."""
    found = []
    for name in ("virtuoso-t", "isql-vt"):
        usual = Path("/usr/bin") / name
        path = shutil.which(name) or (str(usual) if usual.is_file() else None)
        if path is None:
            return None
        found.append(path)
    return found[0], found[1]


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
        _end_process(self.process, timeout)
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


def _end_process(process: subprocess.Popen[bytes], timeout: float) -> None:
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


def _wait_or_stop(server: RunningServer, timeout: float) -> None:
    try:
        wait_until_ready(server, timeout)
    except BaseException:  # also Ctrl-C: leave no process and no folder behind
        server.stop()
        raise


def _load_command(binary: str, location: Path | str, files: Sequence[Path], graph: str | None) -> list[str]:
    command = [binary, "load", "--location", str(location), "--file", *map(str, files)]
    return [*command, "--graph", graph] if graph else command


def _load_commands(binary: str, location: Path | str, load: Sequence[tuple[Path, str | None]]) -> list[list[str]]:
    """The ``oxigraph load`` commands for ``load``: the files that name their graphs first, at once."""
    quads = [path for path, graph in load if graph is None]
    commands = [_load_command(binary, location, quads, None)] if quads else []
    return commands + [_load_command(binary, location, [path], graph) for path, graph in load if graph is not None]


def oxigraph_load(
    binary: str, location: Path, files: Sequence[Path], graph: str | None = None
) -> None:
    """Bulk-load RDF files into an Oxigraph store folder (``oxigraph load``), before serving it."""
    if not files:
        return
    command = _load_command(binary, location, files, graph)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EndpointError(f"oxigraph load {location}", _load_problem(done.stderr) or "failed")


def _load_problem(log: str) -> str:
    """What ``oxigraph load`` says went wrong: its first ``Error`` line (the file and the place in
    it, rather than the summary after it or a line of the backtrace that RUST_BACKTRACE adds)."""
    lines = [line.strip() for line in log.split("Stack backtrace:")[0].splitlines() if line.strip()]
    return next((line for line in lines if line.startswith("Error")), lines[-1] if lines else "")


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
            where = f"{_host_for_url(bind)}:{port}"
            if error.errno == errno.EADDRINUSE:
                problem = f"port {port} is in use; choose another --port (0 picks a free one)"
                raise UsageError(f"{where}: {problem}") from None
            raise UsageError(f"--bind {bind}: cannot listen there ({error.strerror or error})") from None


def start_oxigraph(
    load: Sequence[tuple[Path, str | None]] = (),
    port: int = 0,
    bind: str = "127.0.0.1",
    timeout: float = 30.0,
    read_only: bool = False,
    supervised: bool = False,
    from_store: Path | None = None,
) -> RunningServer:
    """Start ``oxigraph serve`` (union default graph, like Virtuoso) and wait until it answers.

    The store lives in a temporary folder, removed at stop.

    :param load: files to bulk-load first, each with the graph to put its triples in, or
        None for N-Quads/TriG files that name their own graphs
    :param port: the TCP port (0: a free one)
    :param read_only: ``oxigraph serve-read-only``: queries only, no Graph Store writes or updates
    :param from_store: an on-disk store to start from (a build's persistent store, which is not
        written): the server's store begins as its checkpoint (``pyoxigraph.Store.backup``: hard
        links on the same file system, a copy of its files elsewhere), then ``load`` is added
    :param supervised: load and run the server under ``supervise.py``, which makes the temporary
        folder, runs ``oxigraph load`` and the server in it, and stops whichever runs and removes
        the folder when this process goes, even by SIGKILL and even while loading (``ipgov serve``)
    :raises UsageError: when the ``oxigraph`` program is not installed, or the port is in use
    :raises EndpointError: when it does not start or a file does not load
    """
    binary = oxigraph_binary()
    if binary is None:
        raise UsageError(f"the oxigraph server is not installed; {OXIGRAPH_HINT}")
    if port:
        check_port_free(bind, port)
    if supervised:
        return _start_supervised_oxigraph(binary, load, port, bind, timeout, read_only, from_store)
    workdir = Path(tempfile.mkdtemp(prefix="ipgov-oxigraph-"))
    location = workdir / "store"
    try:
        if from_store is not None:
            subprocess.run(_checkpoint_command(from_store, location), check=True, capture_output=True)
        oxigraph_load(binary, location, [path for path, graph in load if graph is None])
        for path, graph in load:
            if graph is not None:
                oxigraph_load(binary, location, [path], graph)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    port = port or free_port(bind)
    log_path = workdir / "oxigraph.log"
    command = [binary, "serve-read-only" if read_only else "serve", "--union-default-graph"]
    command += ["--location", str(location), "--bind", _bind_address(bind, port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://{_host_for_url(bind)}:{port}"
    server = RunningServer(
        "oxigraph", process, base, f"{base}/store", f"{base}/query", workdir, log_path
    )
    return _ready_oxigraph(server, timeout)


def _ready_oxigraph(server: RunningServer, timeout: float) -> RunningServer:
    _wait_or_stop(server, timeout)
    if server.process.poll() is not None:  # another program answered on the port, and ours could not listen
        server.stop()
        raise EndpointError(server.base_url, f"oxigraph exited at start-up: {server.log_tail()}")
    return server


def _start_supervised_oxigraph(
    binary: str,
    load: Sequence[tuple[Path, str | None]],
    port: int,
    bind: str,
    timeout: float,
    read_only: bool,
    from_store: Path | None = None,
) -> RunningServer:
    """``start_oxigraph`` with the folder, the loading and the server in ``supervise.py``'s hands.

    It is started before anything else exists, so whenever this process dies, its standard
    input (a pipe only this process writes to) ends and it removes what there is. The log has
    no name (``TemporaryFile``), so it cannot be left behind, and stays readable after the
    supervisor removed the folder (why the server or a loader stopped).
    """
    port = port or free_port(bind)
    location = "store"  # in the folder, where the supervisor runs every step
    steps = _load_commands(binary, location, [(Path(os.path.abspath(path)), graph) for path, graph in load])
    if from_store is not None:
        steps.insert(0, _checkpoint_command(Path(os.path.abspath(from_store)), location))
    steps.append([binary, "serve-read-only" if read_only else "serve", "--union-default-graph",
                  "--location", location, "--bind", _bind_address(bind, port)])
    supervisor = Path(__file__).with_name("supervise.py")
    command = [sys.executable, "-I", str(supervisor), tempfile.gettempdir(), "ipgov-oxigraph-", json.dumps(steps)]
    base = f"http://{_host_for_url(bind)}:{port}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the server runs; stop() closes it
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
    except BaseException:
        log.close()
        raise
    server = RunningServer(
        "oxigraph", process, base, f"{base}/store", f"{base}/query", None, None, log_file=log
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # the supervisor's status, until the loading is done
            if line.startswith(b"workdir "):
                server.workdir = Path(json.loads(line[len(b"workdir "):]))
            elif line == b"serving\n":
                break
        else:  # it exited: a loader failed
            process.wait()
            where = server.workdir / location if server.workdir is not None else "supervise.py"
            problem = _load_problem(server.log_text()) or f"exited with {process.returncode}"
            raise EndpointError(f"oxigraph load {where}", problem)
    except BaseException:  # also Ctrl-C while loading: the supervisor stops the loader, removes the folder
        server.stop()
        raise
    return _ready_oxigraph(server, timeout)


_CHECKPOINT = "import sys, pyoxigraph; pyoxigraph.Store.read_only(sys.argv[1]).backup(sys.argv[2])"


def _checkpoint_command(base: Path, location: Path | str) -> list[str]:
    """A command that makes ``location`` a checkpoint of the store ``base`` (``start_oxigraph``'s ``from_store``)."""
    return [sys.executable, "-I", "-c", _CHECKPOINT, str(base), str(location)]


def _bind_address(bind: str, port: int) -> str:
    return f"[{bind}]:{port}" if ":" in bind and not bind.startswith("[") else f"{bind}:{port}"


VIRTUOSO_INI = """\
; A throwaway Virtuoso 7 configuration written by ipgov-kg (graph_builder/store/servers.py).
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {bind}:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
ServerThreads = 10

[HTTPServer]
ServerPort = {bind}:{http_port}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def start_virtuoso(
    bind: str = "127.0.0.1",
    user: str = "ipgov",
    password: str | None = None,
    timeout: float = 60.0,
) -> RunningServer:
    """Start ``virtuoso-t +foreground`` on a fresh database in a temporary folder.

    A loading user (``user``, with the ``SPARQL_UPDATE`` role, so it may write through
    ``/sparql-graph-crud-auth`` with digest authentication) is created with ``password``
    (default: a random one), and the ``dba`` password is changed away from its default.

    :raises UsageError: when Virtuoso is not installed
    :raises EndpointError: when it does not start
    """
    binaries = virtuoso_binaries()
    if binaries is None:
        raise UsageError(f"Virtuoso is not installed; {VIRTUOSO_HINT}")
    daemon, isql = binaries
    directory = Path(tempfile.mkdtemp(prefix="ipgov-virtuoso-"))
    sql_port, http_port = free_port(bind), free_port(bind)
    while http_port == sql_port:
        http_port = free_port(bind)
    ini = directory / "virtuoso.ini"
    settings = {"dir": directory, "bind": bind, "sql_port": sql_port, "http_port": http_port}
    ini.write_text(VIRTUOSO_INI.format(**settings))
    log_path = directory / "virtuoso.out"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [daemon, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://{_host_for_url(bind)}:{http_port}"
    password = password or secrets.token_hex(12)
    server = RunningServer(
        "virtuoso",
        process,
        base,
        f"{base}/sparql-graph-crud-auth",
        f"{base}/sparql",
        directory,
        log_path,
        user=user,
        password=password,
    )
    _wait_or_stop(server, timeout)
    try:
        _virtuoso_sql(
            isql,
            f"{bind}:{sql_port}",
            "dba",
            f"DB.DBA.USER_CREATE({_sql_string(user)}, {_sql_string(password)}); "
            f'GRANT SPARQL_UPDATE TO "{user}"; '
            f"USER_SET_PASSWORD('dba', {_sql_string(secrets.token_hex(12))});",
        )
    except BaseException:
        server.stop()
        raise
    return server


def _virtuoso_sql(isql: str, address: str, dba_password: str, statements: str) -> None:
    done = subprocess.run(
        [isql, address, "dba", dba_password, f"exec={statements}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    output = (done.stdout + "\n" + done.stderr).splitlines()
    problem = next((line.strip() for line in output if "*** Error" in line), None)
    if done.returncode != 0 or problem:
        raise EndpointError(address, f"isql-vt failed: {problem or done.stderr.strip()}")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _host_for_url(bind: str) -> str:
    return "127.0.0.1" if bind in ("", "0.0.0.0") else (f"[{bind}]" if ":" in bind else bind)


def stop_quietly(server: RunningServer | None) -> None:
    """Stop ``server`` if it is not None, ignoring errors (for ``finally`` blocks)."""
    if server is not None:
        with contextlib.suppress(OSError):
            server.stop()
