"""The parts of the client that need no server: multipart bodies, settings, problem details."""
import email.parser
import email.policy
import os
import pickle
import select
import signal
import socket
import time
import threading
import tempfile
import unittest

from datagen_client import DataGen, DataGenError, DataGenUnavailable, multipart
from datagen_client.client import _check_settings
from datagen_client.prefetch import Prefetcher
from datagen_client.transport import Transport


class MultipartTest(unittest.TestCase):

    def parse(self, body, content_type):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        return [(p.get_param("name", header="content-disposition"), p.get_filename(),
                 p.get_payload(decode=True)) for p in message.iter_parts()]

    def test_fields_and_files_round_trip_in_order(self):
        data = b"train/0.png\ntrain/1.png\n"
        body, content_type = multipart.encode({"name": "mnist", "baseDir": "data/mnist"},
                                              {"train-data": ("train-data.txt", data),
                                               "train-label.digit": ("l.txt", b"0 1\r\n1 0\n")})
        self.assertTrue(content_type.startswith("multipart/form-data; boundary="))
        self.assertEqual(self.parse(body, content_type), [
            ("name", None, b"mnist"), ("baseDir", None, b"data/mnist"),
            ("train-data", "train-data.txt", data), ("train-label.digit", "l.txt", b"0 1\r\n1 0\n")])

    def test_parts_are_paths_or_bytes(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "train-label.txt")
            with open(path, "wb") as f:
                f.write(b"1 0\n")
            self.assertEqual(multipart.read_part(path), ("train-label.txt", b"1 0\n"))
        self.assertEqual(multipart.read_part(b"x\n"), ("list.txt", b"x\n"))
        with self.assertRaises(TypeError):
            multipart.read_part(["train/0.png"])
        with self.assertRaises(FileNotFoundError):
            multipart.read_part("/no/such/list.txt")

    def test_names_that_would_break_the_header_are_refused(self):
        with self.assertRaises(ValueError):
            multipart.encode({}, {'train-data"; x="': ("a", b"")})


class SettingsTest(unittest.TestCase):

    def test_readme_settings_pass(self):
        _check_settings({"batchSize": 8, "shuffle": True, "seed": 1, "dropLast": False, "dtype": "uint8",
                         "rescale": 0.5, "layout": "NCHW", "numShards": 2, "onError": "skip",
                         "augment": {"horizontalFlip": True}})

    def test_python_style_names_are_refused_with_the_right_name(self):
        with self.assertRaises(TypeError) as caught:
            _check_settings({"batch_size": 8, "colour": "rgb"})
        self.assertIn("batch_size (did you mean batchSize?)", str(caught.exception))
        self.assertIn("colour", str(caught.exception))


class ProblemTest(unittest.TestCase):

    def test_error_survives_pickling(self):
        # Errors raised in DataLoader or Keras worker processes are pickled back to the trainer.
        err = DataGenError.from_response("POST", "/api/datasets", 400, "application/problem+json",
                                         b'{"status": 400, "detail": "train-label, line 2: bad", "part": "train-label"}')
        copy = pickle.loads(pickle.dumps(err))
        self.assertEqual((str(copy), copy.status, copy.part), ("train-label, line 2: bad", 400, "train-label"))
        gone = pickle.loads(pickle.dumps(DataGenUnavailable("GET / failed after 3 attempt(s)", 3)))
        self.assertEqual((type(gone), gone.attempts), (DataGenUnavailable, 3))

    def test_client_pickles_without_its_connections(self):
        dg = DataGen("http://127.0.0.1:1", retries=5, backoff=0.25)
        copy = pickle.loads(pickle.dumps(dg))
        self.assertEqual((copy.url, copy._http.retries, copy._http.backoff), ("http://127.0.0.1:1", 5, 0.25))


class ForkTest(unittest.TestCase):
    """A DataLoader worker is a fork of the trainer, threads and sockets included."""

    def in_child(self, work):
        """Runs work() in a forked child and returns what it returned (a short string), or fails after 10 s."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.write(write, work().encode())
            finally:
                os._exit(0)
        os.close(write)
        try:
            ready, _, _ = select.select([read], [], [], 10)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                self.fail("the forked child hung")
            return os.read(read, 1000).decode()
        finally:
            os.close(read)
            os.waitpid(pid, 0)

    def test_a_child_opens_its_own_connection(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(4)
            transport = Transport("http://127.0.0.1:%d" % listener.getsockname()[1])
            self.addCleanup(transport.close)
            parent = transport._connection()
            parent.connect()
            fd = parent.sock.fileno()
            child = self.in_child(lambda: "%s %s" % (transport._connection() is parent, parent.sock))
            self.assertEqual(child, "False None")  # the child dropped its copy of the parent's socket
            self.assertEqual(parent.sock.fileno(), fd)  # and the parent's is untouched

    def test_a_child_forked_while_a_parent_thread_reads_a_response_does_not_hang(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(4)
            transport = Transport("http://127.0.0.1:%d" % listener.getsockname()[1], retries=0, timeout=30)
            self.addCleanup(transport.close)
            reading = threading.Thread(target=lambda: self._ignore(lambda: transport.request("GET", "/slow")),
                                       daemon=True)
            reading.start()
            server_side, _ = listener.accept()
            self.addCleanup(server_side.close)
            server_side.recv(4096)
            # headers and the start of a body, then nothing: like a large batch still arriving
            server_side.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
            time.sleep(0.3)  # the parent's thread now waits for the rest, holding its buffered reader's lock
            self.assertEqual(self.in_child(lambda: "forked"), "forked")

    @staticmethod
    def _ignore(call):
        try:
            call()
        except Exception:
            pass

    def test_a_child_prefetches_with_its_own_thread(self):
        prefetcher = Prefetcher(lambda key: "value-%d" % key)
        self.addCleanup(prefetcher.close)
        prefetcher.get(0, [1, 2])  # the parent's prefetch thread exists now
        self.assertEqual(self.in_child(lambda: prefetcher.get(5, [6]) + " " + prefetcher.get(6, [])),
                         "value-5 value-6")


if __name__ == "__main__":
    unittest.main()
