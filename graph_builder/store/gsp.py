"""A SPARQL 1.1 Graph Store Protocol client (standard library only): PUT one graph from a file.

It sends each body with a ``Content-Length`` from a seekable file, never chunked: Virtuoso 7
answers ``201 Created`` to a chunked PUT and stores nothing. Authentication follows the
server's challenge (Basic or Digest, RFC 7616 with ``qop=auth``); 5xx answers and dropped
connections are retried with exponential backoff; refusals and unreachable servers raise
:class:`EndpointError` (exit code 3) at once.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import quote, urlsplit

from graph_builder.errors import EndpointError, UsageError

_RETRIED_STATUS = frozenset({500, 502, 503, 504})
_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))')
_SCHEME_START = re.compile(r"(?:^|,)\s*(?=(?:Basic|Digest|Bearer)\b)", re.IGNORECASE)
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Credentials:
    """A user, a password and the scheme to use: ``auto`` follows the server's challenge."""

    user: str
    password: str
    scheme: str = "auto"  # auto | basic | digest


@dataclass
class _Digest:
    """The server's current digest challenge and our nonce count for it."""

    params: dict[str, str]
    count: int = 0

    def header(self, method: str, target: str, credentials: Credentials) -> str:
        algorithm = self.params.get("algorithm", "MD5")
        name = algorithm.upper().removesuffix("-SESS")
        if name not in ("MD5", "SHA-256"):
            raise ValueError(f"unsupported digest algorithm {algorithm}")

        def digest(text: str) -> str:
            fn = hashlib.md5 if name == "MD5" else hashlib.sha256
            return fn(text.encode("utf-8"), usedforsecurity=False).hexdigest()

        realm, nonce = self.params.get("realm", ""), self.params.get("nonce", "")
        self.count += 1
        count, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = digest(f"{credentials.user}:{realm}:{credentials.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = digest(f"{ha1}:{nonce}:{cnonce}")
        ha2 = digest(f"{method}:{target}")
        qops = [q.strip() for q in self.params.get("qop", "").split(",") if q.strip()]
        fields = {"username": credentials.user, "realm": realm, "nonce": nonce, "uri": target}
        if "auth" in qops:
            fields["response"] = digest(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
            extra = f", qop=auth, nc={count}, cnonce=\"{cnonce}\""
        else:
            fields["response"] = digest(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        if "opaque" in self.params:
            fields["opaque"] = self.params["opaque"]
        quoted = ", ".join(f'{key}="{value}"' for key, value in fields.items())
        return f"Digest {quoted}, algorithm={algorithm}{extra}"


def parse_challenges(values: list[str]) -> dict[str, dict[str, str]]:
    """``WWW-Authenticate`` header values → {scheme (lower case): parameters}.

    >>> parse_challenges(['Digest realm="SPARQL", nonce="ab", qop="auth"'])["digest"]["nonce"]
    'ab'
    """
    found: dict[str, dict[str, str]] = {}
    for value in values:
        for part in _SCHEME_START.split(value):
            part = part.strip().strip(",")
            if not part:
                continue
            scheme, _, rest = part.partition(" ")
            params = {m[1].lower(): m[2] if m[3] is None else m[3] for m in _PARAM.finditer(rest)}
            found[scheme.lower()] = params
    return found


@dataclass
class GraphStore:
    """A Graph Store Protocol endpoint, one kept-alive connection, replaced when it drops."""

    url: str
    credentials: Credentials | None = None
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    _connection: http.client.HTTPConnection | None = field(default=None, repr=False)
    _digest: _Digest | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Check the URL once."""
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"not an http(s) URL: {self.url}")
        self._parts = parts

    def target(self, graph: str) -> str:
        """The request target (path and query) that names ``graph`` (``?graph=<IRI>``)."""
        path = self._parts.path or "/"
        query = f"{self._parts.query}&" if self._parts.query else ""
        return f"{path}?{query}graph={quote(graph, safe='')}"

    def put(self, graph: str, body: IO[bytes], length: int, content_type: str) -> int:
        """Replace ``graph`` with the ``length`` bytes of ``body`` (seekable); returns the status.

        :raises EndpointError: on refusal (401, 403, 413, other 4xx), when the server cannot
            be reached, or when 5xx answers or dropped connections outlast the retries
        """
        target = self.target(graph)
        attempt, answered_challenge = 0, False
        while True:
            body.seek(0)
            headers = {"Content-Type": content_type, "Content-Length": str(length)}
            authorization = self._authorization("PUT", target)
            if authorization:
                headers["Authorization"] = authorization
            try:
                status, reason, response_headers, text = self._send("PUT", target, body, headers)
            except UnreachableError as error:
                raise EndpointError(self.url, f"cannot connect: {error}") from None
            except (OSError, http.client.HTTPException) as error:
                if attempt >= self.retries:
                    problem = f"connection lost {attempt + 1} times sending <{graph}>: {error!r}"
                    raise EndpointError(self.url, problem) from None
                self._pause(attempt)
                attempt += 1
                continue
            if status == 401 and not answered_challenge:
                answered_challenge = self._learn(response_headers.get_all("WWW-Authenticate") or [])
                if answered_challenge:
                    continue
            if status in _RETRIED_STATUS and attempt < self.retries:
                self._pause(attempt)
                attempt += 1
                continue
            if status >= 300:
                raise EndpointError(self.url, self._problem(status, reason, graph, length, text))
            return status

    def _problem(self, status: int, reason: str, graph: str, length: int, text: str) -> str:
        """The one line that says why the server refused a PUT."""
        if status in (401, 403):
            who = f"user {self.credentials.user!r}" if self.credentials else "no credentials"
            hint = "" if self.credentials else " (give --user and --password-env)"
            return f"refused: {status} {reason} with {who}{hint}"
        if status == 413:
            return f"refused: 413 {reason} for <{graph}> ({length} bytes); raise its size limit"
        detail = " ".join(text.split())[:200]
        return f"{status} {reason} for <{graph}>: {detail}".rstrip(": ")

    def close(self) -> None:
        """Close the connection (a later ``put`` opens a new one)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _pause(self, attempt: int) -> None:
        self.close()
        time.sleep(self.backoff * (2**attempt))

    def _authorization(self, method: str, target: str) -> str | None:
        credentials = self.credentials
        if credentials is None:
            return None
        if credentials.scheme == "basic":
            token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
            return f"Basic {token}"
        if self._digest is not None:
            return self._digest.header(method, target, credentials)
        return None

    def _learn(self, values: list[str]) -> bool:
        """Take the server's challenge; True when a retry with credentials makes sense."""
        credentials = self.credentials
        if credentials is None:
            return False
        challenges = parse_challenges(values)
        if "digest" in challenges and credentials.scheme in ("auto", "digest"):
            self._digest = _Digest(challenges["digest"])
            return True
        if "basic" in challenges and credentials.scheme == "auto":
            self.credentials = Credentials(credentials.user, credentials.password, "basic")
            return True
        if credentials.scheme == "digest" and "basic" in challenges:
            problem = "refused: the server asks for Basic authentication (use --auth basic)"
            raise EndpointError(self.url, problem)
        return False

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            secure = self._parts.scheme == "https"
            kind = http.client.HTTPSConnection if secure else http.client.HTTPConnection
            host, port = self._parts.hostname or "", self._parts.port
            connection = kind(host, port, timeout=self.timeout, blocksize=_BLOCK)
            try:
                connection.connect()
            except OSError as error:
                raise UnreachableError(str(error)) from error
            self._connection = connection
        return self._connection

    def _send(
        self, method: str, target: str, body: IO[bytes], headers: dict[str, str]
    ) -> tuple[int, str, http.client.HTTPMessage, str]:
        connection = self._connect()
        try:
            # The server may answer (401, 413) before reading the whole body, then close.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, response.reason, response.headers, text


class UnreachableError(Exception):
    """The TCP connection could not be opened (refused, no route, unknown host)."""
