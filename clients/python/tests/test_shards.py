import unittest

import numpy as np

from datagen_client import DataGenError
from tests import support


class ShardTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dg = support.client()
        cls.ds = support.small_mnist()
        cls.n = cls.ds["splits"]["train"]["samples"]

    def shards(self, num_shards, **settings):
        gens = [self.dg.generator_by_id(g.id, shard=k) for g in [self.dg.generator(
            self.ds["name"], "train", numShards=num_shards, **settings)] for k in range(num_shards)]
        self.addCleanup(gens[0].delete)
        return gens

    def test_shards_are_disjoint_and_cover_the_epoch(self):
        for epoch in (0, 1):
            gens = self.shards(3, batchSize=40, seed=17)
            seen = []
            for gen in gens:
                mine = [i for b in range(len(gen)) for i in gen.batch_info(b, epoch=epoch)["indices"]]
                self.assertEqual(len(mine), gen.description["shards"][gen.shard]["samples"])
                seen.append(set(mine))
                self.assertEqual(len(mine), len(seen[-1]), "a shard repeats a sample")
            self.assertEqual(set.union(*seen), set(range(self.n)))
            self.assertEqual(sum(len(s) for s in seen), self.n)

    def test_shard_k_takes_every_kth_position_of_the_unsharded_order(self):
        seed = 23
        whole = self.dg.generator(self.ds["name"], "train", batchSize=self.n, seed=seed)
        self.addCleanup(whole.delete)
        order = whole.batch_info(0)["indices"]
        for gen in self.shards(4, batchSize=self.n, seed=seed):
            self.assertEqual(gen.batch_info(0)["indices"], order[gen.shard::4])

    def test_each_shard_has_its_own_length_and_arrays(self):
        gens = self.shards(7, batchSize=16, seed=3, dtype="uint8")  # 600 = 7 * 85 + 5: uneven shards
        sizes = [g.description["shards"][g.shard]["samples"] for g in gens]
        self.assertEqual(sum(sizes), self.n)
        self.assertLessEqual(max(sizes) - min(sizes), 1)
        for gen, size in zip(gens, sizes):
            self.assertEqual(len(gen), -(-size // 16))
            self.assertEqual(sum(len(y) for _, y in gen), size)
        # Two shards' first batches differ: they hold different samples.
        self.assertFalse(np.array_equal(gens[0][0][0], gens[1][0][0]))

    def test_a_shard_beyond_num_shards_is_refused_before_a_generator_is_made(self):
        before = len(self.dg.generators())
        with self.assertRaises(ValueError):
            self.dg.generator(self.ds["name"], "train", shard=5, numShards=2, batchSize=10)
        with self.assertRaises(ValueError):
            self.dg.generator(self.ds["name"], "train", shard=1, batchSize=10)
        self.assertEqual(len(self.dg.generators()), before, "a refused shard left a generator on the service")

    def test_shard_must_exist(self):
        gen = self.shards(2, batchSize=10)[0]
        with self.assertRaises(ValueError):
            gen.shard = 2
        with self.assertRaises(ValueError):
            self.dg.generator_by_id(gen.id, shard=-1)

    def test_unknown_generator_id_is_not_found(self):
        with self.assertRaises(DataGenError) as caught:
            self.dg.generator_by_id("no-such-generator")
        self.assertEqual(caught.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
