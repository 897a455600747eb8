"""Errors a user can act on, each with its exit code and a one-line message."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1  # an input failed or a graph does not conform
EXIT_USAGE = 2  # bad file, unknown query, bad parameter, bad header
EXIT_EXTERNAL = 3  # an endpoint is unreachable or refused, or the system killed a worker

EPILOG = """exit codes:
  0  ok
  1  data problem: an input failed, or a graph does not conform
  2  usage or input error: bad file, unknown query, bad parameter, bad header
  3  external failure: an endpoint is unreachable or refused, or a build's worker was killed
"""


class IpgovError(Exception):
    """Base class: ``str(error)`` is the one line shown to the user."""

    exit_code = EXIT_USAGE


class InputError(IpgovError):
    """A file that cannot be read as a reply letter (or as RDF, or as gold)."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class HeaderError(IpgovError):
    """A malformed ``#+`` header line in a query file."""

    def __init__(self, path: str | Path, line: int, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{self.path}:{line}: {problem}")


class UsageError(IpgovError):
    """A command line that asks for something impossible (unknown query, bad --param)."""


class NonConformantError(IpgovError):
    """A graph that does not conform to the shapes."""

    exit_code = EXIT_DATA


class EndpointError(IpgovError):
    """A SPARQL endpoint that is unreachable or refuses the request."""

    exit_code = EXIT_EXTERNAL

    def __init__(self, endpoint: str, problem: str) -> None:
        self.endpoint = endpoint
        self.problem = problem
        super().__init__(f"{endpoint}: {problem}")


class WorkerLostError(IpgovError):
    """A build's worker process died (killed, or out of memory) with letters it had not written."""

    exit_code = EXIT_EXTERNAL

    def __init__(self, out: str | Path) -> None:
        super().__init__(
            f"{out}: a worker process died mid-build (killed, or out of memory); the previous outputs are "
            "kept and the next build resumes (fewer --jobs use less memory)"
        )
