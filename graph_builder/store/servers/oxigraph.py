"""Oxigraph: ``oxigraph load`` and ``oxigraph serve`` in a temporary folder, or under ``supervise.py``
(``ipgov serve``), optionally starting from a checkpoint of a build's persistent store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from graph_builder.errors import EndpointError, UsageError
from graph_builder.store.servers.running import (
    RunningServer,
    bind_address,
    check_port_free,
    free_port,
    host_for_url,
    wait_or_stop,
)

OXIGRAPH_HINT = "install the Oxigraph server with: pip install oxigraph"


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server program: beside this Python (a venv) or on PATH; None if absent."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


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
    command += ["--location", str(location), "--bind", bind_address(bind, port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://{host_for_url(bind)}:{port}"
    server = RunningServer(
        "oxigraph", process, base, f"{base}/store", f"{base}/query", workdir, log_path
    )
    return _ready_oxigraph(server, timeout)


def _ready_oxigraph(server: RunningServer, timeout: float) -> RunningServer:
    wait_or_stop(server, timeout)
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
                  "--location", location, "--bind", bind_address(bind, port)])
    supervisor = Path(__file__).parents[1] / "supervise.py"
    command = [sys.executable, "-I", str(supervisor), tempfile.gettempdir(), "ipgov-oxigraph-", json.dumps(steps)]
    base = f"http://{host_for_url(bind)}:{port}"
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
