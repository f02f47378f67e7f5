"""Connection failures against fake servers on loopback: refused, reset, silent, stale keep-alive."""
import http.server
import json
import socket
import struct
import threading
import time
import unittest

from datagen_client import DataGen, DataGenError, DataGenUnavailable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RawServer:
    """Accepts connections on loopback and treats each with ``handle(conn)``; counts them."""

    def __init__(self, handle, port=0):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.handle = handle
        self.accepted = 0
        self.open = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.open.append(conn)
            self.handle(conn)

    def close(self):
        self.sock.close()
        for conn in self.open:
            conn.close()


def reset(conn):
    conn.recv(65536)
    # Linger 0: close() sends RST, as a crashing server or a dropped load balancer does.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def refuse_upload(conn):
    # Answers as soon as the headers are in, and closes without reading the body (as Tomcat does when an
    # upload is over its limit).
    received = b""
    while b"\r\n\r\n" not in received:
        received += conn.recv(65536)
    body = b'{"type": "/problems/upload-too-large", "title": "Upload too large", "status": 413, ' \
           b'"detail": "Maximum upload size exceeded"}'
    conn.sendall(b"HTTP/1.1 413 \r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    conn.close()


def silent(conn):
    pass  # accepts and never answers


class JsonHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request with ``server.answer`` = (status, content type, body bytes)."""
    protocol_version = "HTTP/1.1"  # keep-alive

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.requests.append((self.command, self.path))
        status, content_type, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if self.server.close_after_answer:
            # Close the kept-alive connection without saying so, as an idle timeout does.
            self.close_connection = True

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args):
        pass


def http_server(answer, port=0, close_after_answer=False):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), JsonHandler)
    server.daemon_threads = True
    server.answer = answer
    server.requests = []
    server.close_after_answer = close_after_answer
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class RetryTest(unittest.TestCase):

    def client(self, port, **options):
        dg = DataGen("http://127.0.0.1:%d" % port, **options)
        self.addCleanup(dg.close)
        return dg

    def test_nothing_listening_raises_after_the_configured_retries_with_bounded_back_off(self):
        dg = self.client(free_port(), retries=3, backoff=0.1)
        start = time.monotonic()
        with self.assertRaises(DataGenUnavailable) as caught:
            dg.datasets()
        elapsed = time.monotonic() - start
        self.assertEqual(caught.exception.attempts, 4)
        self.assertIsInstance(caught.exception.__cause__, ConnectionRefusedError)
        self.assertIsInstance(caught.exception, DataGenError)
        self.assertIn("4 attempt", str(caught.exception))
        # Waits 0.1 + 0.2 + 0.4 seconds between the four attempts; refusals themselves are instant.
        self.assertGreaterEqual(elapsed, 0.7)
        self.assertLess(elapsed, 0.7 + 1.5)

    def test_no_retries_fails_at_once(self):
        dg = self.client(free_port(), retries=0, backoff=5)
        start = time.monotonic()
        with self.assertRaises(DataGenUnavailable) as caught:
            dg.datasets()
        self.assertEqual(caught.exception.attempts, 1)
        self.assertLess(time.monotonic() - start, 1.0)

    def test_back_off_doubles_up_to_the_cap(self):
        dg = self.client(free_port(), backoff=0.5, max_backoff=3)
        self.assertEqual([dg._http.delay(k) for k in range(5)], [0.5, 1, 2, 3, 3])

    def test_reset_connections_are_retried_for_reads(self):
        server = RawServer(reset)
        self.addCleanup(server.close)
        with self.assertRaises(DataGenUnavailable) as caught:
            self.client(server.port, retries=2, backoff=0.01).datasets()
        self.assertEqual(caught.exception.attempts, 3)
        self.assertEqual(server.accepted, 3)

    def test_a_registration_the_server_may_have_received_is_not_sent_twice(self):
        server = RawServer(reset)
        self.addCleanup(server.close)
        with self.assertRaises(DataGenUnavailable) as caught:
            self.client(server.port, retries=3, backoff=0.01).register(
                "x", {"train-data": b"a.png\n", "train-label": b"1\n"})
        self.assertEqual(caught.exception.attempts, 1)
        self.assertEqual(server.accepted, 1)

    def test_an_upload_refused_before_it_is_sent_raises_the_servers_answer(self):
        server = RawServer(refuse_upload)
        self.addCleanup(server.close)
        with self.assertRaises(DataGenError) as caught:
            self.client(server.port, retries=2, backoff=0.01).register(
                "huge", {"train-data": b"a.png\n" * 4_000_000, "train-label": b"1\n"})
        self.assertNotIsInstance(caught.exception, DataGenUnavailable)
        self.assertEqual((caught.exception.status, caught.exception.type), (413, "/problems/upload-too-large"))
        self.assertEqual(server.accepted, 1)

    def test_a_silent_server_times_out_and_is_retried(self):
        server = RawServer(silent)
        self.addCleanup(server.close)
        start = time.monotonic()
        with self.assertRaises(DataGenUnavailable) as caught:
            self.client(server.port, retries=1, backoff=0.05, timeout=0.3).datasets()
        elapsed = time.monotonic() - start
        self.assertEqual(caught.exception.attempts, 2)
        self.assertIsInstance(caught.exception.__cause__, (socket.timeout, TimeoutError))
        self.assertGreaterEqual(elapsed, 0.3 * 2 + 0.05)
        self.assertLess(elapsed, 0.3 * 2 + 0.05 + 1.5)

    def test_a_server_that_comes_up_during_the_back_off_is_reached(self):
        port = free_port()
        servers = []
        timer = threading.Timer(0.4, lambda: servers.append(
            http_server((200, "application/json", b"[]"), port=port)))
        timer.start()
        self.addCleanup(lambda: [s.shutdown() or s.server_close() for s in servers])
        self.addCleanup(timer.cancel)
        start = time.monotonic()
        self.assertEqual(self.client(port, retries=6, backoff=0.1).datasets(), [])
        self.assertGreaterEqual(time.monotonic() - start, 0.3)

    def test_a_post_over_a_connection_the_server_closed_meanwhile_is_sent_again(self):
        server = http_server((201, "application/json", b'{"name": "x"}'), close_after_answer=True)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        dg = self.client(server.server_address[1], retries=1, backoff=0.01)
        dg.datasets()
        time.sleep(0.1)  # the server has closed the kept-alive connection by now
        self.assertEqual(dg.register("x", {"train-data": b"a.png\n", "train-label": b"1\n"}), {"name": "x"})
        self.assertEqual([m for m, _ in server.requests], ["GET", "POST"])


class ErrorResponseTest(unittest.TestCase):

    def serve(self, status, content_type, body):
        server = http_server((status, content_type, body))
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        dg = DataGen("http://127.0.0.1:%d" % server.server_address[1], retries=3, backoff=0.01)
        self.addCleanup(dg.close)
        return server, dg

    def test_a_problem_detail_becomes_the_error(self):
        problem = {"type": "/problems/storage-unavailable", "title": "Storage unavailable", "status": 503,
                   "detail": "The registry database cannot be reached", "instance": "/api/datasets",
                   "hint": "later"}
        server, dg = self.serve(503, "application/problem+json", json.dumps(problem).encode())
        with self.assertRaises(DataGenError) as caught:
            dg.datasets()
        err = caught.exception
        self.assertEqual((err.status, err.type, err.title, err.instance),
                         (503, "/problems/storage-unavailable", "Storage unavailable", "/api/datasets"))
        self.assertEqual(str(err), "The registry database cannot be reached")
        self.assertEqual((err.properties, err.hint), ({"hint": "later"}, "later"))
        self.assertEqual(len(server.requests), 1)  # an answer, not a connection failure: not retried

    def test_an_error_page_that_is_not_a_problem_detail_is_summarised(self):
        _, dg = self.serve(502, "text/html", b"<html>Bad gateway</html>")
        with self.assertRaises(DataGenError) as caught:
            dg.dataset("mnist")
        self.assertEqual(caught.exception.status, 502)
        self.assertIn("GET /api/datasets/mnist answered HTTP 502: <html>Bad gateway", str(caught.exception))

    def test_a_bad_url_is_refused_before_any_request(self):
        with self.assertRaises(ValueError):
            DataGen("127.0.0.1:8080")


if __name__ == "__main__":
    unittest.main()
