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
from datagen_client.dealing import deal, position, resume_plan
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

    def test_the_preprocessing_sampling_and_subset_settings_pass(self):
        _check_settings({"crop": {"mode": "random-resized", "scale": [0.08, 1.0], "ratio": [0.75, 1.3333]},
                         "normalize": {"mean": [0.5], "std": [0.25]}, "mixup": {"alpha": 0.2},
                         "cutmix": {"alpha": 1.0}, "sampling": {"mode": "balanced", "output": "label"},
                         "validationSplit": 0.2, "subset": "training", "splitSeed": 3, "stratify": True})
        with self.assertRaises(TypeError) as caught:
            _check_settings({"validation_split": 0.2, "split_seed": 1})
        self.assertIn("validation_split (did you mean validationSplit?)", str(caught.exception))
        self.assertIn("split_seed (did you mean splitSeed?)", str(caught.exception))

    def test_python_style_names_are_refused_with_the_right_name(self):
        with self.assertRaises(TypeError) as caught:
            _check_settings({"batch_size": 8, "colour": "rgb"})
        self.assertIn("batch_size (did you mean batchSize?)", str(caught.exception))
        self.assertIn("colour", str(caught.exception))


class FakeDescriptions:
    """Answers describe_generator as the service does, and records the queries."""

    def __init__(self, samples, batch_size, drop_last=False):
        self.samples, self.batch_size, self.drop_last = samples, batch_size, drop_last
        self.asked = []

    def description(self, num_shards):
        return {"id": "g", "samplesPerEpoch": self.samples, "shards": self.shards(num_shards, 0),
                "settings": {"numShards": num_shards, "batchSize": self.batch_size, "dropLast": self.drop_last}}

    def shards(self, num_shards, start):
        left = self.samples - start
        sizes = [left // num_shards + (k < left % num_shards) for k in range(num_shards)]
        per = (lambda n: n // self.batch_size) if self.drop_last else (lambda n: -(-n // self.batch_size))
        return [{"shard": k, "samples": n, "batches": per(n)} for k, n in enumerate(sizes)]

    def describe_generator(self, id, num_shards=None, from_position=None):
        self.asked.append((num_shards, from_position))
        return {"shards": self.shards(num_shards, from_position)}


class DealingTest(unittest.TestCase):

    def test_the_generators_own_dealing_asks_nothing_and_sends_the_shard_only_when_sharded(self):
        for own, params in ((1, {}), (4, {"shard": 2})):
            fake = FakeDescriptions(600, 16)
            dealing = deal(fake, fake.description(own))
            self.assertEqual((fake.asked, dealing.num_shards, dealing.from_position), ([], own, 0))
            self.assertEqual(dealing.params(min(2, own - 1)), params)

    def test_another_dealing_is_described_by_the_service_and_sent_with_each_batch(self):
        fake = FakeDescriptions(600, 16)
        dealing = deal(fake, fake.description(8), num_shards=5, from_position=384)
        self.assertEqual(fake.asked, [(5, 384)])
        self.assertEqual([dealing.batches(k) for k in range(5)], [3] * 5)
        self.assertEqual(dealing.params(1), {"shard": 1, "numShards": 5, "from": 384})
        self.assertEqual(deal(fake, fake.description(8), num_shards=5).params(0), {"shard": 0, "numShards": 5})

    def test_fewer_positions_left_than_shards_leave_the_last_shards_empty(self):
        fake = FakeDescriptions(600, 16)
        dealing = deal(fake, fake.description(8), num_shards=5, from_position=597)
        self.assertEqual(fake.asked, [(5, 597)])  # shards 0..2 get positions 597, 598, 599
        self.assertEqual([dealing.samples(k) for k in range(5)], [1, 1, 1, 0, 0])
        self.assertEqual([dealing.batches(k) for k in range(5)], [1, 1, 1, 0, 0])
        self.assertEqual(dealing.params(2), {"shard": 2, "numShards": 5, "from": 597})
        dropped = FakeDescriptions(600, 16, drop_last=True)
        self.assertEqual([deal(dropped, dropped.description(8), 5, 597).batches(k) for k in range(5)], [0] * 5)

    def test_an_epoch_dealt_from_its_end_is_empty(self):
        fake = FakeDescriptions(600, 16)
        dealing = deal(fake, fake.description(8), num_shards=5, from_position=600)
        self.assertEqual(([dealing.batches(k) for k in range(5)], fake.asked), ([0] * 5, [(5, 600)]))

    def test_the_position_is_what_every_shard_consumed_in_lockstep(self):
        self.assertEqual(position(0, 8, 16, 0, 600), 0)
        self.assertEqual(position(0, 8, 16, 2, 600), 256)
        self.assertEqual(position(384, 5, 16, 1, 600), 464)
        self.assertEqual(position(0, 8, 16, 5, 600), 600)  # the last, smaller batches: the whole epoch
        # 7 shards of 86, 86, 86, 86, 86, 85, 85 samples in batches of 5: 18 and 17 batches
        self.assertEqual(position(0, 7, 5, 17, 600), 595)
        self.assertEqual(position(0, 7, 5, 18, 600), 600)

    def test_the_same_world_carries_on_with_its_dealing_another_deals_the_rest_anew(self):
        state = {"epoch": 3, "position": 256, "samplesPerEpoch": 600, "batchSize": 16, "numShards": 8, "from": 0}
        self.assertEqual(resume_plan(state, 8), (3, 8, 0, 2))
        self.assertEqual(resume_plan(state, 5), (3, 5, 256, 0))
        resumed = dict(state, position=464, numShards=5, **{"from": 384})
        self.assertEqual(resume_plan(resumed, 5), (3, 5, 384, 1))
        self.assertEqual(resume_plan(resumed, 8), (3, 8, 464, 0))
        self.assertEqual(resume_plan(dict(state, position=600), 5), (4, 5, 0, 0))
        self.assertEqual(resume_plan(dict(state, position=250), 8), (3, 8, 250, 0))  # not a batch boundary
        with self.assertRaises(ValueError):
            resume_plan(dict(state, position=601), 8)


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
