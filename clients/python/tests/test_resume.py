"""Elastic resume through the Generator and the raw batch calls: the epoch dealt to another number of shards
from a position on (``?numShards=K&from=p``) covers exactly the positions left of the epoch's order."""
import unittest

import numpy as np

from datagen_client import DataGenError
from tests import support


class ResumeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dg = support.client()
        cls.ds = support.small_mnist()
        cls.n = cls.ds["splits"]["train"]["samples"]
        cls.labels = support.label_rows("train-label.txt", cls.n)
        cls.gen = cls.dg.generator(cls.ds["name"], "train", batchSize=16, seed=31, numShards=8, prefetch=0)
        whole = cls.dg.generator(cls.ds["name"], "train", batchSize=cls.n, seed=31, prefetch=0)
        cls.order = {e: whole.batch_info(0, epoch=e)["indices"] for e in (0, 1)}
        whole.delete()

    @classmethod
    def tearDownClass(cls):
        cls.gen.delete()
        cls.dg.close()

    def reader(self, shard, **dealing):
        gen = self.dg.generator_by_id(self.gen.id, shard=shard, prefetch=1, **dealing)
        self.addCleanup(gen.close)
        return gen

    def indices(self, gen, epoch=None):
        return [i for b in range(len(gen)) for i in gen.batch_info(b, epoch=epoch)["indices"]]

    def test_shards_of_a_resumed_dealing_take_every_kth_position_left(self):
        start = 8 * 2 * 16  # 8 shards have read 2 batches of 16
        seen = []
        for k in range(5):
            gen = self.reader(k, num_shards=5, from_position=start)
            self.assertEqual((gen.num_shards, gen.from_position, gen.shard), (5, start, k))
            shard = self.dg.describe_generator(gen.id, num_shards=5, from_position=start)["shards"][k]
            self.assertEqual(len(gen), shard["batches"])
            mine = self.indices(gen)
            self.assertEqual(mine, self.order[0][start + k::5])
            self.assertEqual(len(mine), shard["samples"])
            # the arrays are those of the samples the JSON view names
            _, y = gen[len(gen) - 1]
            np.testing.assert_array_equal(y, self.labels[gen.batch_info(len(gen) - 1)["indices"]])
            seen += mine
        self.assertEqual(sorted(seen), sorted(self.order[0][start:]))
        self.assertEqual(len(seen), self.n - start)

    def test_the_next_epoch_is_dealt_whole_to_the_same_number_of_shards(self):
        gen = self.reader(4, num_shards=5, from_position=300)
        gen.on_epoch_end()
        self.assertEqual((gen.epoch, gen.num_shards, gen.from_position), (1, 5, 0))
        self.assertEqual(self.indices(gen), self.order[1][4::5])
        self.assertEqual(len(gen), -(-(self.n // 5) // 16))

    def test_the_raw_calls_take_num_shards_and_from_position(self):
        info = self.dg.batch_info(self.gen.id, 0, 1, shard=3, num_shards=5, from_position=100)
        self.assertEqual(info["indices"], self.order[0][100 + 3::5][16:32])
        payload = self.dg.batch_bytes(self.gen.id, 0, 1, shard=3, num_shards=5, from_position=100)
        _, y = self.reader(3, num_shards=5, from_position=100).decode(payload)
        np.testing.assert_array_equal(y, self.labels[info["indices"]])
        described = self.dg.describe_generator(self.gen.id, num_shards=5, from_position=100)
        self.assertEqual((described["from"], len(described["shards"])), (100, 5))
        self.assertEqual(sum(s["samples"] for s in described["shards"]), self.n - 100)

    def test_fewer_positions_left_than_shards_and_the_end_of_the_epoch(self):
        tail = [self.reader(k, num_shards=8, from_position=self.n - 3) for k in range(8)]
        self.assertEqual([len(g) for g in tail], [1, 1, 1, 0, 0, 0, 0, 0])
        self.assertEqual([i for g in tail for i in self.indices(g)], self.order[0][self.n - 3:])
        with self.assertRaises(IndexError):
            tail[3][0]
        done = self.reader(0, num_shards=5, from_position=self.n)
        self.assertEqual((len(done), list(done)), (0, []))

    def test_a_bad_from_is_the_services_400_with_its_detail(self):
        with self.assertRaises(DataGenError) as caught:
            self.dg.batch_info(self.gen.id, 0, 0, shard=0, num_shards=5, from_position=self.n + 1)
        err = caught.exception
        self.assertEqual((err.status, err.type, err.parameter), (400, "/problems/invalid-request", "from"))
        self.assertIn("from must be an integer from 0 to %d" % self.n, str(err))
        with self.assertRaises(DataGenError) as caught:
            self.reader(0, num_shards=5, from_position=-1)
        self.assertEqual((caught.exception.status, caught.exception.parameter), (400, "from"))
        with self.assertRaises(DataGenError) as caught:
            self.dg.batch_info(self.gen.id, 0, 0, shard=5, num_shards=5)
        self.assertEqual((caught.exception.status, caught.exception.parameter), (400, "shard"))
        with self.assertRaises(ValueError):
            self.reader(5, num_shards=5)  # refused before any request


if __name__ == "__main__":
    unittest.main()
