"""Virtuoso 7: a ``virtuoso-t`` in a temporary folder, set up through ``isql``."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from graph_builder.errors import EndpointError, UsageError
from graph_builder.store.servers.running import RunningServer, free_port, host_for_url, wait_or_stop

VIRTUOSO_HINT = (
    "install Virtuoso 7 with: sudo apt-get install virtuoso-opensource-7-bin "
    "(Debian/Ubuntu; or run .ci/install-servers.sh)"
)


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


VIRTUOSO_INI = """\
; A throwaway Virtuoso 7 configuration written by ipgov-kg (graph_builder/store/servers/virtuoso.py).
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
    base = f"http://{host_for_url(bind)}:{http_port}"
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
    wait_or_stop(server, timeout)
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
