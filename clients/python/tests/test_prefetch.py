import concurrent.futures
import threading
import time
import unittest

import numpy as np

from datagen_client.prefetch import Prefetcher
from tests import support


class FakeFetch:
    """Records which keys were fetched, on which thread, and blocks on keys the test holds back."""

    def __init__(self, delay=0.0, hold=()):
        self.calls = []
        self.threads = set()
        self.delay = delay
        self.hold = set(hold)
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, key):
        with self.lock:
            self.calls.append(key)
            self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if key in self.hold:
            self.release.wait(10)
        if key == "boom":
            raise RuntimeError("fetch failed for boom")
        return "value-%s" % (key,)


class PrefetcherTest(unittest.TestCase):

    def prefetcher(self, fetch):
        p = Prefetcher(fetch)
        self.addCleanup(p.close)
        return p

    def test_fetches_the_upcoming_keys_on_a_background_thread_in_order(self):
        fetch = FakeFetch()
        p = self.prefetcher(fetch)
        self.assertEqual(p.get(0, [1, 2, 3]), "value-0")
        deadline = time.monotonic() + 5
        while len(fetch.calls) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        # 0 is fetched on the caller's thread while the worker starts on 1, 2, 3 (in that order).
        self.assertEqual([k for k in fetch.calls if k != 0], [1, 2, 3])
        self.assertEqual(sorted(fetch.calls), [0, 1, 2, 3])
        fetch.calls.sort()
        self.assertTrue(any(t.startswith("datagen-prefetch") for t in fetch.threads))
        # Already fetched: served without fetching again.
        self.assertEqual(p.get(1, [2, 3, 4]), "value-1")
        self.assertEqual(p.get(2, [3, 4, 5]), "value-2")
        self.assertEqual(p.get(3, [4, 5]), "value-3")
        self.assertEqual(p.get(4, [5]), "value-4")
        self.assertEqual(p.get(5, []), "value-5")
        self.assertEqual(fetch.calls, [0, 1, 2, 3, 4, 5])  # each once, in order

    def test_look_ahead_is_bounded(self):
        fetch = FakeFetch(delay=0.01)
        p = self.prefetcher(fetch)
        p.get(0, [1, 2])
        time.sleep(0.3)
        self.assertEqual(sorted(fetch.calls), [0, 1, 2])

    def test_out_of_order_keys_are_fetched_directly_and_stale_ones_dropped(self):
        fetch = FakeFetch(hold=[1])
        p = self.prefetcher(fetch)
        self.assertEqual(p.get(0, [1, 2, 3]), "value-0")
        self.assertEqual(p.get(7, [8]), "value-7")
        fetch.release.set()
        self.assertEqual(p.get(8, [9]), "value-8")
        self.assertEqual(p.get(9, []), "value-9")
        # 2 and 3 were queued behind 1 (held back) and dropped before they ran.
        self.assertNotIn(2, fetch.calls)
        self.assertNotIn(3, fetch.calls)
        self.assertEqual(p.get(3, []), "value-3")

    def test_a_failed_fetch_raises_on_the_callers_thread(self):
        p = self.prefetcher(FakeFetch())
        p.get(0, ["boom"])
        with self.assertRaisesRegex(RuntimeError, "boom"):
            p.get("boom", [])


class GeneratorPrefetchTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dg = support.client()
        cls.gen = cls.dg.generator(support.small_mnist()["name"], "train", batchSize=32, seed=99,
                                   dtype="uint8", prefetch=0)
        cls.direct = [cls.gen[i] for i in range(len(cls.gen))]

    @classmethod
    def tearDownClass(cls):
        cls.gen.delete()

    def assertSameBatches(self, got, expected):
        self.assertEqual(len(got), len(expected))
        for (x, y), (ex, ey) in zip(got, expected):
            np.testing.assert_array_equal(x, ex)
            np.testing.assert_array_equal(y, ey)

    def prefetching(self, depth):
        gen = self.dg.generator_by_id(self.gen.id, prefetch=depth)
        self.addCleanup(gen.close)
        return gen

    def test_prefetch_delivers_the_direct_reads_in_order(self):
        for depth in (1, 4):
            gen = self.prefetching(depth)
            self.assertSameBatches(list(gen), self.direct)
            self.assertSameBatches([gen[i] for i in range(len(gen))], self.direct)

    def test_prefetch_is_correct_out_of_order(self):
        gen = self.prefetching(3)
        order = [5, 1, 2, 3, 0, len(gen) - 1, 6, 4, 7, 8, 2]
        self.assertSameBatches([gen[i] for i in order], [self.direct[i] for i in order])
        picked = [len(gen) - 1, 0, 9, 10, 3]
        self.assertSameBatches(list(gen.batches(picked)), [self.direct[i] for i in picked])

    def test_threads_can_share_a_generator(self):
        # As Keras workers do: each thread reads over its own connection, and every batch is right.
        gen = self.prefetching(2)
        order = [i % len(gen) for i in range(3 * len(gen))]
        # the first four reads wait for each other, so that four threads read at once (a pool reuses an idle
        # thread rather than start another, so without this a fast run may use fewer)
        together = threading.Barrier(4)

        def read(k):
            if k < 4:
                together.wait(timeout=60)
            return gen[order[k]]

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            got = list(pool.map(read, range(len(order))))
        self.assertSameBatches(got, [self.direct[i] for i in order])
        self.assertGreaterEqual(len(self.dg._http._connections), 4)

    def test_prefetch_follows_the_epoch(self):
        gen = self.prefetching(2)
        gen[0]
        gen.on_epoch_end()
        np.testing.assert_array_equal(gen[1][1], self.gen.batch(1, epoch=1)[1])
        self.assertFalse(np.array_equal(gen[1][1], self.direct[1][1]))


if __name__ == "__main__":
    unittest.main()
