"""HTTP/1.1 with keep-alive (one connection per thread) and retries with exponential back-off."""
import http.client
import json
import os
import socket
import threading
import time
import urllib.parse
import weakref

from .errors import DataGenError, DataGenUnavailable

# Failures of the connection itself, as opposed to an answer from the server.
CONNECTION_ERRORS = (ConnectionError, socket.timeout, TimeoutError, http.client.RemoteDisconnected,
                     http.client.IncompleteRead, http.client.BadStatusLine, OSError)

# Requests that may be sent twice without changing the result.
IDEMPOTENT = frozenset(("GET", "HEAD", "PUT", "DELETE", "OPTIONS"))


class Response:
    """A complete answer: status, headers (lower-case names) and the body bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class Transport:
    """Sends requests to one server.

    Each thread gets its own ``http.client`` connection, reused across requests (keep-alive), so the
    prefetch thread, Keras workers and the training loop never share a socket.

    A request that fails on the connection (refused, reset, timed out) is retried ``retries`` times,
    sleeping ``backoff * 2**k`` seconds before retry ``k`` (capped at ``max_backoff``), so the worst
    case before giving up is bounded and known. A POST is retried only when it cannot have reached the
    server: the connection was refused, or it went over a kept-alive connection the server had already
    closed; otherwise a registration could run twice.
    """

    def __init__(self, url, retries=3, backoff=0.5, max_backoff=30.0, timeout=60.0):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("DataGen URL must look like http://host:port, not %r" % url)
        if retries < 0 or backoff < 0:
            raise ValueError("retries and backoff must not be negative")
        self.url = url.rstrip("/")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self._init_connections()

    def _init_connections(self):
        _live.add(self)
        self._local = threading.local()
        # Every connection made, with its thread, so close() can close them all and the connections of
        # finished threads (prefetch, Keras workers) are closed rather than left to the garbage collector.
        self._connections = []
        self._connections_lock = threading.Lock()

    # Connections cannot cross a pickle (Keras / DataLoader worker processes): each process reconnects.
    def __getstate__(self):
        state = dict(self.__dict__)
        for private in ("_local", "_connections", "_connections_lock"):
            del state[private]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._init_connections()

    def request(self, method, path, body=None, headers=None, ok=(200, 201, 204)):
        """Sends one request and returns its Response; raises DataGenError for any status not in ok."""
        headers = dict(headers or {})
        attempt = 0
        while True:
            try:
                response = self._send(method, self._prefix + path, body, headers)
                break
            except _Failed as failed:
                if not failed.retryable or attempt >= self.retries:
                    raise DataGenUnavailable("%s %s%s failed after %d attempt(s): %s" % (
                        method, self.url, path, attempt + 1, failed.cause), attempt + 1) from failed.cause
                time.sleep(self.delay(attempt))
                attempt += 1
        if response.status not in ok:
            raise DataGenError.from_response(method, path, response.status,
                                             response.headers.get("content-type", ""), response.body)
        return response

    def delay(self, attempt):
        """Seconds to wait before retry number ``attempt`` (from 0)."""
        return min(self.backoff * (2 ** attempt), self.max_backoff)

    def close(self):
        """Closes every thread's connection; a later request opens a new one. Call it when no request is
        in flight."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
            self._local = threading.local()
        for _, conn in connections:
            conn.close()

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
            conn = cls(self._host, self._port, timeout=self.timeout)
            self._local.conn = conn
            with self._connections_lock:
                finished = [c for t, c in self._connections if not t.is_alive()]
                self._connections = [(t, c) for t, c in self._connections if t.is_alive()]
                self._connections.append((threading.current_thread(), conn))
            for c in finished:
                c.close()
        return conn

    def _forget_parent_connections(self):
        for _, conn in self._connections:
            # Only the child's copy of the descriptor is closed (no shutdown: the parent's connection lives
            # on). Not conn.close(): a parent thread caught reading a response at the fork holds the lock of
            # that response's buffered reader, and the child's copy of the lock would never be released.
            sock, conn.sock = conn.sock, None
            if sock is not None:
                try:
                    os.close(sock.detach())
                except OSError:
                    pass
        self._init_connections()

    def _send(self, method, path, body, headers):
        conn = self._connection()
        reused = conn.sock is not None
        if not reused:
            try:
                conn.connect()
            except CONNECTION_ERRORS as e:
                conn.close()
                # Nothing was sent: always safe to try again.
                raise _Failed(e, retryable=True)
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                # The server may have refused the request early (413 for a too large upload) and closed
                # while the body was still going out: its answer, when it can still be read, says why.
                if not _answered(conn):
                    raise
            answer = conn.getresponse()
            response = Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, _body(answer))
        except CONNECTION_ERRORS as e:
            conn.close()
            # A kept-alive connection the server closed meanwhile fails before the request is read.
            stale = reused and isinstance(e, (http.client.RemoteDisconnected, BrokenPipeError,
                                              ConnectionResetError))
            raise _Failed(e, retryable=method in IDEMPOTENT or stale)
        if answer.will_close:
            conn.close()
        return response


def _body(answer):
    """The whole body; with a Content-Length, read straight into one writable buffer (one copy, and numpy
    arrays over it can be handed to torch without another)."""
    length = answer.getheader("Content-Length")
    if length is None or answer.chunked:
        return answer.read()
    buffer = bytearray(int(length))
    view = memoryview(buffer)
    got = 0
    while got < len(buffer):
        n = answer.readinto(view[got:])
        if not n:
            raise http.client.IncompleteRead(bytes(view[:got]), len(buffer) - got)
        got += n
    return buffer


def _answered(conn):
    """Whether the server has sent something on ``conn`` (an answer) that can still be read."""
    try:
        return conn.sock is not None and bool(conn.sock.recv(1, socket.MSG_PEEK))
    except OSError:
        return False


# A forked child (a DataLoader worker) inherits the parent's sockets, and a copy of the lock that may have
# been held by a thread the child does not have: using either would interleave two processes' requests on
# one connection, or deadlock. The child, still single-threaded, starts every transport afresh.
_live = weakref.WeakSet()


def _after_fork_in_child():
    for transport in list(_live):
        transport._forget_parent_connections()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Failed(Exception):
    def __init__(self, cause, retryable):
        super().__init__(str(cause))
        self.cause = cause
        self.retryable = retryable
