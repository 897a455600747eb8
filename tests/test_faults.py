"""The fault matrix: concurrency, faults and hostile input, each run through the installed ``ipgov``.

Every case of ``CASES`` (a line each) starts ``ipgov`` as a child process in a session of its
own, in a folder of its own, with ``TMPDIR`` pointing at an empty folder, and checks:

- the exit code;
- stderr: exactly the expected number of lines (one, for a failure), no traceback, no raw
  control character, and the words that say what went wrong;
- the build folder it was given is byte-identical afterwards (the lock file aside), with no
  staging left;
- no process of its session is left (build workers, the Oxigraph loader and server, their
  supervisor) and its temporary folder is empty.

The cases marked ``loading`` signal ``ipgov serve`` while ``oxigraph load`` is filling the
store (a build of synthetic letters, made once a session, takes seconds to load): the loader
is frozen (SIGSTOP) while the signal is sent and thawed right after, so the signal always
lands in the loading phase, never before or after it (Linux: the loader is found in /proc).

Cases that start an Oxigraph server carry the ``server`` marker. The disk-full and read-only
cases mount a small tmpfs when the tests run as root; otherwise they run ``ipgov`` with
``os.replace`` made to fail with ENOSPC/EROFS in the child (``SIMULATED``), and say so.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph_builder.store.servers import oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "graph_builder" / "data" / "letters" / "000_cf6b83477be807db.txt"
OWN = ROOT / "tests" / "data" / "letters"
_BESIDE = Path(sys.executable).with_name("ipgov")
# the installed command (as tests/test_cli.py finds it), else the package run by this Python
IPGOV = [str(_BESIDE)] if _BESIDE.is_file() else ([shutil.which("ipgov")] if shutil.which("ipgov") else [])
IPGOV = IPGOV or [sys.executable, "-P", "-m", "graph_builder"]
LOCK = ".ipgov.lock"

# ipgov with os.replace failing as a full or read-only disk would (when no tmpfs can be mounted)
SIMULATED = """\
import errno, os, sys
real = os.replace
code = {"ENOSPC": errno.ENOSPC, "EROFS": errno.EROFS}[sys.argv.pop(1)]
def refuse(*args, **kwargs):
    raise OSError(code, os.strerror(code))
os.replace = refuse
from graph_builder.cli import main
sys.argv[0] = "ipgov"
sys.exit(main())
"""


@dataclass(frozen=True)
class Case:
    """One fault: a setup, the command line (``{name}`` placeholders filled from the setup), what must come out."""

    name: str
    setup: str
    argv: tuple[str, ...]
    code: int
    says: str = ""  # words of the stderr line ({name} placeholders too)
    lines: int = 1  # lines on stderr
    stdout: str = ""  # words of stdout
    signal: int | None = None  # sent once the command is ready (serve: "press Ctrl-C"; build: letters journaled)
    server: bool = False
    keeps: bool = True  # the build folder {out} is byte-identical afterwards
    staging: bool = False  # a .staging folder may remain (a killed build resumes from it)
    loading: bool = False  # the signal hits serve while `oxigraph load` runs, before the server starts


KILL, TERM, HUP, INT = signal.SIGKILL, signal.SIGTERM, signal.SIGHUP, signal.SIGINT

CASES = [
    # 1. one writer per output folder; readers see a whole build
    Case("second build refused", "locked", ("build", "--no-validate", "-o", "{out}"), 2, "PID {holder}"),
    Case("validate -o into a locked build", "locked", ("validate", "{out}", "-o", "{out}/r.txt"), 2, "PID {holder}"),
    Case("build --wait waits for the lock", "locked_briefly", ("build", "--no-validate", "-o", "{out}", "--wait"), 0,
         "waiting for another ipgov", stdout="built 0 letter(s)"),
    Case("query on a torn build", "torn_nq", ("query", "co-handlers", "--data", "{out}"), 2, "does not match manifest",
         keeps=False),
    Case("export on a torn build", "torn_nq", ("export", "gephi", "{out}", "-o", "{tmp}/n.gexf"), 2,
         "does not match manifest", keeps=False),
    Case("entities on a torn build", "torn_entities", ("entities", "{out}"), 2, "does not match manifest",
         keeps=False),
    Case("push of a torn build", "torn_nq", ("push", "{out}", "--store", "http://127.0.0.1:9/store"), 2,
         "does not match manifest", keeps=False),
    Case("serve of a torn build", "torn_nq", ("serve", "{out}", "--port", "0"), 2, "does not match manifest",
         keeps=False, server=True),
    Case("review of a torn build", "torn_nq", ("review", "{out}", "-o", "{tmp}/review"), 2, "does not match manifest",
         keeps=False),
    Case("diff with a torn build", "torn_nq", ("diff", "{out}", "{out}"), 2, "does not match manifest", keeps=False),
    # 2. queries only
    Case("update sent to an endpoint", "rq", ("query", "{tmp}/update.rq", "--endpoint", "http://127.0.0.1:9/q"), 2,
         "a SPARQL update (INSERT)"),
    Case("update on the embedded store", "rq", ("query", "{tmp}/drop.rq", "--data", "{out}"), 2, "(DROP)"),
    Case("SERVICE in the embedded store", "rq", ("query", "{tmp}/service.rq", "--data", "{out}"), 2,
         "--allow-service"),
    Case("not a query", "rq", ("query", "{tmp}/prose.rq", "--data", "{out}"), 2, "not a SPARQL query"),
    # 3. serve
    Case("serve on a busy port", "busy_port", ("serve", "{out}", "--port", "{port}"), 2, "port {port} is in use"),
    Case("serve stopped by SIGTERM", "built", ("serve", "{out}", "--port", "0"), 0, "stopped", signal=TERM,
         server=True, stdout="read-only"),
    Case("serve stopped by SIGHUP", "built", ("serve", "{out}", "--port", "0"), 0, "stopped", signal=HUP, server=True),
    Case("serve stopped by SIGINT", "built", ("serve", "{out}", "--port", "0"), 0, "stopped", signal=INT, server=True),
    Case("serve killed by SIGKILL", "built", ("serve", "{out}", "--port", "0"), -9, lines=0, signal=KILL, server=True),
    Case("serve killed by SIGKILL while loading", "big", ("serve", "{out}", "--port", "0"), -9, lines=0, signal=KILL,
         server=True, loading=True),
    Case("serve stopped by SIGTERM while loading", "big", ("serve", "{out}", "--port", "0"), 0, "stopped",
         signal=TERM, server=True, loading=True),
    Case("serve stopped by SIGHUP while loading", "big", ("serve", "{out}", "--port", "0"), 0, "stopped",
         signal=HUP, server=True, loading=True),
    Case("serve stopped by SIGINT while loading", "big", ("serve", "{out}", "--port", "0"), 0, "stopped",
         signal=INT, server=True, loading=True),
    Case("serve --writable says so", "built", ("serve", "{out}", "--port", "0", "--writable"), 0, "stopped",
         signal=TERM, server=True, stdout="writable: anyone"),
    # 4. disk full, read-only folders, bad values, garbage answers, killed builds
    Case("build on a full disk", "full_disk", ("build", "{own}", "--no-validate", "-o", "{out}"), 1,
         "no space left on the device"),
    Case("build in a read-only folder", "read_only", ("build", "--no-validate", "--force", "-o", "{out}"), 1,
         "not writable"),
    Case("validate -o into a read-only folder", "read_only", ("validate", "{out}", "-o", "{out}/r.txt"), 1,
         "not writable"),
    Case("non-numeric port", "built", ("serve", "{out}", "--port", "http"), 2, "not a port number"),
    Case("bad --bind", "built", ("serve", "{out}", "--bind", "no such host!"), 2, "--bind"),
    Case("non-numeric timeout", "built", ("query", "co-handlers", "--data", "{out}", "--timeout", "soon"), 2,
         "not a number of seconds"),
    Case("CR/LF in --user", "built", ("push", "{out}", "--store", "http://127.0.0.1:9/s", "--user", "a\r\nX-A: 1",
                                      "--password-env", "HOME"), 2, "--user"),
    Case("non-numeric port in --store", "built", ("push", "{out}", "--store", "http://127.0.0.1:abc/s"), 2,
         "not a valid URL"),
    Case("port out of range in --endpoint", "built", ("query", "co-handlers", "--endpoint", "http://h:99999/q"), 2,
         "not a valid URL"),
    Case("CR/LF in --endpoint", "built", ("query", "co-handlers", "--endpoint", "http://h/q\r\nX: y"), 2,
         "control characters"),
    Case("garbage from an endpoint", "garbage", ("query", "co-handlers", "--endpoint", "{endpoint}"), 3,
         "not SPARQL JSON"),
    Case("garbage Turtle from an endpoint", "garbage", ("query", "{tmp}/construct.rq", "--endpoint", "{endpoint}"), 3,
         "not Turtle"),
    Case("unreachable endpoint", "built", ("query", "co-handlers", "--endpoint", "http://127.0.0.1:9/q"), 3,
         "unreachable"),
    Case("build killed by SIGKILL", "corpus", ("build", "{corpus}", "-o", "{out}", "-j", "2", "--no-validate"), -9,
         lines=0, signal=KILL, staging=True),
    Case("build stopped by SIGTERM", "corpus", ("build", "{corpus}", "-o", "{out}", "-j", "2", "--no-validate"), -15,
         lines=0, signal=TERM, staging=True),
    Case("build stopped by SIGINT", "corpus", ("build", "{corpus}", "-o", "{out}", "-j", "2", "--no-validate"), 130,
         "interrupted", signal=INT, staging=True),
    # 5. CSV formula injection
    Case("query csv neutralises formulas", "rq", ("query", "{tmp}/formula.rq", "--data", "{out}", "--format", "csv"),
         0, lines=0, stdout="'=HYPERLINK"),
    Case("query csv --raw keeps them", "rq", ("query", "{tmp}/formula.rq", "--data", "{out}", "--format", "csv",
                                              "--raw"), 0, lines=0, stdout='"=HYPERLINK'),
    # 6. odd files
    Case("FIFO in a letters folder", "odd", ("build", "{odd}/fifo", "--no-validate", "-o", "{tmp}/new"), 1,
         "p.txt: not a regular file (a FIFO)", stdout="built 1 letter"),
    Case("dangling link in a letters folder", "odd", ("build", "{odd}/dangling", "--no-validate", "-o", "{tmp}/new"),
         1, "d.txt: not a regular file (a dangling symbolic link)"),
    Case("link loop in a letters folder", "odd", ("build", "{odd}/loop", "--no-validate", "-o", "{tmp}/new"), 1,
         "l.txt: not a regular file (a symbolic link loop)"),
    Case("folder named *.txt", "odd", ("build", "{odd}/folder", "--no-validate", "-o", "{tmp}/new"), 1,
         "f.txt: not a regular file (a folder)"),
    Case("FIFO named to build", "odd", ("build", "{odd}/fifo/p.txt", "--no-validate", "-o", "{out}"), 1,
         "p.txt: not a regular file (a FIFO)"),
    Case("FIFO named to extract", "odd", ("extract", "{odd}/fifo/p.txt"), 2, "p.txt: not a regular file (a FIFO)"),
    Case("dangling link named to extract", "odd", ("extract", "{odd}/dangling/d.txt"), 2,
         "not a regular file (a dangling symbolic link)"),
    Case("folder named to extract", "odd", ("extract", "{odd}/folder/f.txt"), 2, "not a regular file (a folder)"),
    Case("FIFO named as a query file", "odd", ("query", "{odd}/q.rq", "--data", "{out}"), 2,
         "q.rq: not a regular file"),
    Case("-o names a file", "built", ("build", "--no-validate", "-o", "{out}/manifest.json"), 2, "not a folder"),
    Case("control characters in a name", "built", ("extract", "{tmp}/a\x1b[2Jb\u202e.txt"), 2, "a\\x1b[2Jb\\u202e"),
]


def _params() -> list[Any]:
    marks: dict[bool, list[Any]] = {True: [pytest.mark.server], False: []}
    return [pytest.param(case, id=case.name.replace(" ", "-"), marks=marks[case.server]) for case in CASES]


def test_fault_matrix_size(capsys: pytest.CaptureFixture[str]) -> None:
    """The matrix's size, printed on the terminal past pytest's capture."""
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "two cases share a name"
    with capsys.disabled():
        print(f"\nfault matrix: {len(CASES)} cases ({sum(c.server for c in CASES)} with a server)")


# ---------------------------------------------------------------------------------------- setups


def _ipgov(*argv: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*IPGOV, *argv], capture_output=True, text=True, cwd=cwd, check=check, timeout=300)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed letter built once (copied into each case's folder)."""
    folder = tmp_path_factory.mktemp("faults-seed")
    _ipgov("build", "--no-validate", "-o", str(folder / "out"), cwd=folder)
    return folder / "out"


BIG_LETTERS = 20  # about 20 MB of N-Quads: a few seconds of `oxigraph load`


@pytest.fixture(scope="session")
def big_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of synthetic letters (bench/make_corpus.py) that takes Oxigraph seconds to load."""
    folder = tmp_path_factory.mktemp("faults-big")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(BIG_LETTERS), str(folder / "letters")],
                   check=True, capture_output=True, timeout=120)
    _ipgov("build", str(folder / "letters"), "--no-validate", "-j", "2", "-o", str(folder / "out"), cwd=folder)
    return folder / "out"


def _tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK and ".staging" not in p.parts
    }


_NO_STORE = shutil.ignore_patterns("store")  # a build folder without its persistent store


def _mount_tmpfs(folder: Path, size: str) -> bool:
    """Mount a tmpfs of ``size`` on ``folder`` (root only); False when that is not possible."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def _remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, capture_output=True)


class _Garbage(http.server.BaseHTTPRequestHandler):
    """An endpoint that answers anything with bytes that are no SPARQL result."""

    def _answer(self) -> None:
        body = b"\x00\xff<html>\x1b[31mnot a result"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # noqa: N815 - http.server's names

    def log_message(self, *args: object) -> None:
        """Quiet."""


@dataclass
class Setup:
    """What a case's command runs against: placeholders, and what to undo afterwards."""

    tmp: Path
    values: dict[str, str] = field(default_factory=dict)
    undo: list[Callable[[], None]] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)  # runs ipgov through SIMULATED

    @property
    def out(self) -> Path:
        return Path(self.values["out"])


QUERIES = {
    "update.rq": "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }\n",
    "drop.rq": "# drop everything\nDROP ALL\n",
    "service.rq": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n",
    "prose.rq": "please list the replies\n",
    "formula.rq": 'SELECT ?cell WHERE { VALUES ?cell { "=HYPERLINK(\\"http://x\\",\\"y\\")" "-2" } }\n',
    "construct.rq": "CONSTRUCT WHERE { ?s ?p ?o }\n",
}


def _hold_lock(setup: Setup, seconds: float) -> None:
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(setup.out / LOCK), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    setup.values["holder"] = str(holder.pid)

    def stop() -> None:
        holder.kill()
        holder.wait()

    setup.undo.append(stop)


def _setup(name: str, tmp: Path, seed_build: Path, request: pytest.FixtureRequest) -> Setup:
    setup = Setup(tmp, {"tmp": str(tmp), "out": str(tmp / "out"), "own": str(OWN)})
    if name == "big":
        seed_build = request.getfixturevalue("big_build")
    if name in ("full_disk", "read_only"):
        if _mount_tmpfs(tmp / "disk", "2m"):
            setup.undo.append(lambda: subprocess.run(["umount", "-l", str(tmp / "disk")], check=False))
            setup.values["out"] = str(tmp / "disk" / "out")
            shutil.copytree(seed_build, setup.out, ignore=_NO_STORE)  # the store does not fit in 2 MB
            if name == "read_only":
                _remount(tmp / "disk", "ro")
        else:  # not root: the same failure, made in the child
            print(f"{name}: no tmpfs can be mounted here; simulating it in the child", file=sys.__stderr__)
            shutil.copytree(seed_build, setup.out)
            setup.prefix = [sys.executable, "-P", "-c", SIMULATED, "ENOSPC" if name == "full_disk" else "EROFS"]
        return setup
    shutil.copytree(seed_build, setup.out)
    for file, text in QUERIES.items():
        (tmp / file).write_text(text, encoding="utf-8")
    if name == "locked":
        _hold_lock(setup, 120)
    elif name == "locked_briefly":
        _hold_lock(setup, 2)
    elif name == "torn_nq":
        with (setup.out / "dataset.nq").open("ab") as stream:  # a file the manifest does not index
            stream.write(b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    elif name == "torn_entities":
        with (setup.out / "entities.jsonl").open("ab") as stream:
            stream.write(b'{"letter": "x", "entities": []}\n')
    elif name == "busy_port":
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        setup.values["port"] = str(listener.getsockname()[1])
        setup.undo.append(listener.close)
    elif name == "garbage":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        setup.values["endpoint"] = f"http://127.0.0.1:{server.server_address[1]}/query"
        setup.undo.append(server.shutdown)
    elif name == "corpus":
        corpus = tmp / "corpus"
        corpus.mkdir()
        for number in range(400):
            shutil.copy(SEED, corpus / f"letter_{number:04d}.txt")
        setup.values["corpus"] = str(corpus)
    elif name == "odd":
        odd = tmp / "odd"
        for kind in ("fifo", "dangling", "loop", "folder"):
            (odd / kind).mkdir(parents=True)
            shutil.copy(SEED, odd / kind / SEED.name)
        os.mkfifo(odd / "fifo" / "p.txt")
        os.mkfifo(odd / "q.rq")
        (odd / "dangling" / "d.txt").symlink_to(tmp / "nowhere.txt")
        (odd / "loop" / "l.txt").symlink_to("l.txt")
        (odd / "folder" / "f.txt").mkdir()
        setup.values["odd"] = str(odd)
    return setup


# ---------------------------------------------------------------------------------------- running


def _session_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    return True


def _session_processes(session: int) -> dict[int, list[bytes]]:
    """The processes of ``session`` and their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if int(stat.rsplit(b")", 1)[1].split()[3]) == session:
            found[int(entry.name)] = argv
    return found


def _freeze_loader(process: subprocess.Popen[bytes], case: Case) -> int:
    """Wait for ``oxigraph load`` in the command's session and stop it (SIGSTOP); its PID."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        for pid, argv in _session_processes(process.pid).items():
            if len(argv) > 1 and Path(argv[0].decode()).name == "oxigraph" and argv[1] == b"load":
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
                    return pid
        time.sleep(0.01)
    pytest.fail(f"{case.name}: oxigraph load never seen running")


def _await_ready(process: subprocess.Popen[bytes], case: Case, setup: Setup, stdout: list[bytes]) -> None:
    """Block until the command is where the case's signal should hit it."""
    deadline = time.monotonic() + 120
    if case.setup == "corpus":
        journal = setup.out / ".staging" / "journal.jsonl"
        while time.monotonic() < deadline and process.poll() is None:
            if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 6:
                return
            time.sleep(0.05)
        pytest.fail("the build finished or stalled before it could be killed")
    assert process.stdout is not None
    for line in iter(process.stdout.readline, b""):
        stdout.append(line)
        if b"press Ctrl-C" in line:
            return
        if time.monotonic() > deadline:
            break
    pytest.fail(f"{case.name}: never ready: {b''.join(stdout)!r}")


def _run(case: Case, setup: Setup) -> tuple[int, str, str]:
    env = {**os.environ, "TMPDIR": str(setup.tmp / "tmp"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("COLUMNS", None)
    (setup.tmp / "tmp").mkdir(exist_ok=True)
    argv = [arg.format(**setup.values) for arg in case.argv]
    command = [*setup.prefix, *argv] if setup.prefix else [*IPGOV, *argv]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=setup.tmp, env=env,
                               start_new_session=True)
    stdout: list[bytes] = []
    try:
        if case.loading:
            loader = _freeze_loader(process, case)
            process.send_signal(case.signal or KILL)
            with contextlib.suppress(ProcessLookupError):  # already killed by the stopping command: fine
                os.kill(loader, signal.SIGCONT)  # whoever stops it now finds it in the middle of loading
        elif case.signal is not None:
            _await_ready(process, case, setup, stdout)
            process.send_signal(case.signal)
        rest, err = process.communicate(timeout=180)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    deadline = time.monotonic() + 15  # a server's supervisor stops it and removes its store after we exit
    while _session_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _session_alive(process.pid)
    if alive:
        os.killpg(process.pid, signal.SIGKILL)
    assert not alive, f"{case.name}: processes left behind"
    return process.returncode, (b"".join(stdout) + rest).decode("utf-8", "replace"), err.decode("utf-8", "replace")


@pytest.mark.parametrize("case", _params())
def test_fault(case: Case, tmp_path: Path, seed_build: Path, request: pytest.FixtureRequest) -> None:
    """Run one case of the matrix and check what it leaves."""
    if case.server and oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    if case.loading and not Path("/proc/self/stat").is_file():
        pytest.skip("finds the loader in /proc (Linux)")
    if case.setup == "odd" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    setup = _setup(case.setup, tmp_path, seed_build, request)
    try:
        before = _tree(setup.out)
        code, out, err = _run(case, setup)
        lines = err.splitlines()
        assert code == case.code, f"{case.name}: exit {code}, stderr: {err!r}"
        assert len(lines) == case.lines, f"{case.name}: stderr should be {case.lines} line(s): {err!r}"
        assert "Traceback" not in err and "Exception ignored" not in err
        assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in err), f"control char: {err!r}"
        if case.says:
            assert case.says.format(**setup.values) in err
        if case.stdout:
            assert case.stdout in out, f"{case.name}: stdout: {out!r}"
        if case.keeps:
            assert _tree(setup.out) == before, f"{case.name}: changed the earlier outputs"
        if not case.staging:
            assert not (setup.out / ".staging").exists(), f"{case.name}: left a staging folder"
        assert list((tmp_path / "tmp").iterdir()) == [], f"{case.name}: left temporary files"
    finally:
        for undo in reversed(setup.undo):
            undo()


# ---------------------------------------------------------------------------------------- beyond one command


def test_after_a_full_disk_the_next_build_works(tmp_path: Path, seed_build: Path) -> None:
    """Space back (a larger tmpfs): the same build succeeds and holds every letter."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "2m"):
        pytest.skip("needs root to mount a tmpfs")
    try:
        shutil.copytree(seed_build, disk / "out", ignore=_NO_STORE)
        first = _ipgov("build", str(OWN), "--no-validate", "-o", str(disk / "out"), cwd=tmp_path, check=False)
        assert first.returncode == 1 and "no space left" in first.stderr
        assert not (disk / "out" / ".staging").exists()
        _remount(disk, "size=400m")  # the letters, their outputs and the persistent store
        again = _ipgov("build", str(OWN), "--no-validate", "-o", str(disk / "out"), cwd=tmp_path, check=False)
        assert again.returncode == 0, again.stderr
        assert f"built {len(list(OWN.glob('*.txt')))} letter(s), failed 0" in again.stdout
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_two_builds_into_one_folder(tmp_path: Path, seed_build: Path) -> None:
    """A second build while one runs: one line naming the first one's PID, exit 2; the first
    finishes and its outputs are whole."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(300):
        shutil.copy(SEED, corpus / f"letter_{number:04d}.txt")
    out = tmp_path / "out"
    first = subprocess.Popen([*IPGOV, "build", str(corpus), "-o", str(out), "-j", "2", "--no-validate"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (out / ".staging").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = _ipgov("build", str(OWN), "-o", str(out), "--no-validate", cwd=tmp_path, check=False)
        assert second.returncode == 2
        assert second.stderr.count("\n") == 1 and f"PID {first.pid}" in second.stderr, second.stderr
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    from graph_builder.corpus import manifest as mf

    manifest = mf.load(out)
    assert manifest is not None and len(manifest.letters) == 300  # the first build's letters, none of the second's
    done = _ipgov("query", "replies", "--data", str(out), "--format", "csv", cwd=tmp_path)
    assert done.stdout.count("letter_0299") >= 1 and "mine_01" not in done.stdout


@pytest.mark.server
def test_serve_is_read_only_unless_writable(tmp_path: Path, seed_build: Path) -> None:
    """A PUT to the Graph Store is refused by default and accepted with --writable."""
    import urllib.error
    import urllib.request

    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    for writable in (False, True):
        argv = [*IPGOV, "serve", str(seed_build), "--port", "0", *(["--writable"] if writable else [])]
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(3)]
            store = lines[2].split()[3]
            request = urllib.request.Request(f"{store}?graph=http://example.org/g", method="PUT",
                                             data=b"<http://a> <http://b> <http://c> .",
                                             headers={"Content-Type": "application/n-triples"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            assert status < 300 if writable else status == 403, (writable, status)
        finally:
            process.terminate()
            process.wait(30)


def test_a_reader_waits_for_a_commit_in_progress(tmp_path: Path, seed_build: Path) -> None:
    """Files that do not match the manifest while a writer holds the lock: the reader waits and reads the
    whole new state once the commit ends."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    manifest = (out / "manifest.json").read_bytes()
    (out / "manifest.json").write_text("{}", encoding="utf-8")  # mid-commit: the manifest not yet moved in
    code = (
        "import fcntl, os, sys, time\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "time.sleep(2)\n"
        "open(sys.argv[2], 'wb').write(bytes.fromhex(sys.argv[3]))\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(out / LOCK), str(out / "manifest.json"),
                               manifest.hex()], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "held\n"
        started = time.monotonic()
        done = _ipgov("query", "co-handlers", "--data", str(out), cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started >= 1.0  # it waited for the commit
        assert "深圳法院" in done.stdout or "市经信委" in done.stdout
    finally:
        writer.kill()
        writer.wait()


# ---------------------------------------------------------------------------------------- the pieces


def test_guard_reads_words_not_strings() -> None:
    from graph_builder.store.guard import bare_words, check_query

    text = 'PREFIX ex: <http://e/insert> SELECT ?delete WHERE { ?s ex:DROP "LOAD" . FILTER(?s < 3) } # CLEAR'
    assert bare_words(text) == ["PREFIX", "SELECT", "WHERE", "FILTER"]
    assert check_query(text, "q", allow_service=False) == "SELECT"
    for update in ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "SELECT * {} ; CLEAR ALL", "LOAD <http://x>"):
        with pytest.raises(Exception, match="a SPARQL update"):
            check_query(update, "q")


def test_csv_cells_and_markdown() -> None:
    from graph_builder.safe_text import csv_cell, markdown_text, printable

    assert [csv_cell(v) for v in ("=1+1", "+1", "-x", "@A", "\tx", "\rx", "-2.5", "ok")] == [
        "'=1+1", "+1", "'-x", "'@A", "'\tx", "'\rx", "-2.5", "ok"]
    assert markdown_text("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert\\(1\\)\\>"
    assert printable("\x1b]0;title\x07") == "\\x1b]0;title\\x07"


def test_invisible_characters_are_dropped_at_decoding(tmp_path: Path) -> None:
    from graph_builder.text.decode import read_letter_file

    path = tmp_path / "l.txt"
    data = "深圳\u200b市\u202e知识\ufeff产权局\u2066".encode()
    path.write_bytes(data)
    raw, text, _ = read_letter_file(path)
    assert raw == data and text == "深圳市知识产权局"


def test_letter_keys_are_never_path_steps() -> None:
    from graph_builder.iri import letter_key_of

    assert letter_key_of(".") == "%2E" and letter_key_of("..") == "%2E%2E"
    assert "\n" not in letter_key_of("a\nb") and "\x00" not in letter_key_of("a\x00b")


def test_lock_names_its_holder(tmp_path: Path) -> None:
    from graph_builder.lock import LockedError, is_locked, output_lock

    with output_lock(tmp_path):
        assert is_locked(tmp_path)
        child = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; from graph_builder.lock import output_lock\n"
             "try:\n    output_lock(Path(sys.argv[1])).__enter__()\nexcept Exception as e: print(e)",
             str(tmp_path)],
            capture_output=True, text=True, check=True,
        )
        assert f"PID {os.getpid()}" in child.stdout
    assert not is_locked(tmp_path)
    assert issubclass(LockedError, Exception)


# ---------------------------------------------------------------------------------------- the supervisor

SUPERVISOR = ROOT / "graph_builder" / "store" / "supervise.py"
SLEEPER = [sys.executable, "-c", "import os, time; print(os.getpid(), flush=True); time.sleep(60)"]


def _supervise(tmp_path: Path, steps: list[list[str]]) -> tuple[subprocess.Popen[bytes], Path]:
    """``supervise.py`` as ``ipgov serve`` starts it, its folder in ``tmp_path/tmp``, its log ``tmp_path/log``."""
    (tmp_path / "tmp").mkdir()
    with (tmp_path / "log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-I", str(SUPERVISOR), str(tmp_path / "tmp"), "t-", json.dumps(steps)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
        )
    assert process.stdout is not None
    status = process.stdout.readline()
    assert status.startswith(b"workdir "), status
    return process, Path(json.loads(status[len(b"workdir "):]))


def _step_pid(tmp_path: Path) -> int:
    """The PID a SLEEPER step printed in the log, once it did."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = (tmp_path / "log").read_text(encoding="utf-8")
        if text.strip():
            return int(text.split()[0])
        time.sleep(0.02)
    pytest.fail("the step never started")


@pytest.mark.skipif(os.name != "posix", reason="the supervisor is POSIX only")
@pytest.mark.parametrize("how", ["end of file", "SIGTERM", "SIGHUP", "SIGINT"])
def test_supervisor_stops_a_loading_step_and_removes_the_folder(tmp_path: Path, how: str) -> None:
    """The starter gone (its pipe ends) or a signal while a loader runs: the loader is stopped, the
    server never started, the folder removed."""
    process, workdir = _supervise(tmp_path, [SLEEPER, [sys.executable, "-c", "print('server')"]])
    try:
        assert workdir.is_dir() and workdir.parent == tmp_path / "tmp"
        pid = _step_pid(tmp_path)
        if how == "end of file":
            assert process.stdin is not None
            process.stdin.close()
        else:
            process.send_signal(getattr(signal, how))
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stdout is not None and process.stdout.read() == b""  # never "serving"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "server" not in (tmp_path / "log").read_text(encoding="utf-8")
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.skipif(os.name != "posix", reason="the supervisor is POSIX only")
def test_supervisor_goes_at_once_when_its_starter_is_gone(tmp_path: Path) -> None:
    """The starter died before the supervisor made its folder: it runs nothing and leaves nothing."""
    (tmp_path / "tmp").mkdir()
    reader, writer = os.pipe()
    os.close(writer)  # the starter's end: gone
    try:
        done = subprocess.run([sys.executable, "-I", str(SUPERVISOR), str(tmp_path / "tmp"), "t-",
                               json.dumps([[sys.executable, "-c", "print(1)"]])],
                              stdin=reader, capture_output=True, timeout=30, check=False)
    finally:
        os.close(reader)
    assert done.returncode == 0 and done.stdout.startswith(b"workdir ") and b"serving" not in done.stdout
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="the supervisor is POSIX only")
def test_supervisor_ends_on_a_failed_loader(tmp_path: Path) -> None:
    """A loader that fails: its exit code, no server, no folder."""
    failing = [sys.executable, "-c", "import sys; print('Error: bad file', file=sys.stderr); sys.exit(3)"]
    process, _ = _supervise(tmp_path, [failing, SLEEPER])
    try:
        assert process.wait(15) == 3
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stdout is not None and process.stdout.read() == b""
    assert (tmp_path / "log").read_text(encoding="utf-8") == "Error: bad file\n"
    assert list((tmp_path / "tmp").iterdir()) == []
