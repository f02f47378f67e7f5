"""The PyTorch adapter. Needs torch, so it is not found by `unittest discover` (pattern test*.py):
run-tests.sh runs it with /usr/bin/python3 (Debian's python3-torch)."""
import os
import unittest
from unittest import mock

import numpy as np
import torch
from torch.utils.data import DataLoader

from datagen_client.torch import DataGenIterableDataset, distributed_shard
from tests import support


class TorchAdapterTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dg = support.client()
        cls.name = support.small_mnist()["name"]

    def create(self, env=None, **settings):
        with mock.patch.dict(os.environ, env or {}, clear=False):
            if env is None:
                os.environ.pop("RANK", None)
                os.environ.pop("WORLD_SIZE", None)
            ds = DataGenIterableDataset.create(self.dg, self.name, "train", **settings)
        self.addCleanup(ds.generator.delete)
        return ds

    def assertSameEpoch(self, loader, generator, epoch):
        batches = list(loader)
        self.assertEqual(len(batches), len(generator))
        for (x, y), (ex, ey) in zip(batches, generator.batches(epoch=epoch)):
            np.testing.assert_array_equal(x.numpy(), ex)
            np.testing.assert_array_equal(y.numpy(), ey)

    def test_batches_are_tensors_of_the_generators_arrays(self):
        ds = self.create(batchSize=64, seed=1, dtype="uint8", layout="NCHW")
        self.assertEqual((ds.generator.num_shards, ds.generator.shard), (1, 0))
        x, y = next(iter(DataLoader(ds, batch_size=None)))
        self.assertEqual((x.dtype, tuple(x.shape), y.dtype, tuple(y.shape)),
                         (torch.uint8, (64, 1, 28, 28), torch.float32, (64, 10)))
        reference = self.dg.generator_by_id(ds.generator.id, prefetch=0)
        np.testing.assert_array_equal(x.numpy(), reference[0][0])

    def test_each_full_pass_is_the_next_epoch(self):
        ds = self.create(batchSize=100, seed=2, dtype="uint8")
        reference = self.dg.generator_by_id(ds.generator.id, prefetch=0)
        loader = DataLoader(ds, batch_size=None)
        self.assertSameEpoch(loader, reference, 0)
        self.assertEqual(ds.epoch, 1)
        self.assertSameEpoch(loader, reference, 1)
        ds.set_epoch(7)
        self.assertSameEpoch(loader, reference, 7)

    def test_worker_processes_deliver_the_epoch_in_order(self):
        ds = self.create(batchSize=50, seed=3, dtype="uint8")
        reference = self.dg.generator_by_id(ds.generator.id, prefetch=0)
        ds.generator[0]  # the parent now has a connection and a prefetch thread the workers must not use
        ds.set_epoch(4)
        self.assertSameEpoch(DataLoader(ds, batch_size=None, num_workers=2, timeout=60), reference, 4)

    def test_rank_and_world_size_pick_the_shard(self):
        ds = self.create(env={"RANK": "1", "WORLD_SIZE": "3"}, batchSize=1000, seed=4)
        self.assertEqual((ds.generator.num_shards, ds.generator.shard), (3, 1))
        whole = self.dg.generator(self.name, "train", batchSize=1000, seed=4)
        self.addCleanup(whole.delete)
        _, y = next(iter(DataLoader(ds, batch_size=None)))
        order = whole.batch_info(0)["indices"]
        np.testing.assert_array_equal(y.numpy(), support.label_rows("train-label.txt", 600)[order[1::3]])

    def test_sharding_needs_a_shared_seed_and_matching_shard_count(self):
        with self.assertRaisesRegex(ValueError, "seed"):
            self.create(env={"RANK": "0", "WORLD_SIZE": "2"}, batchSize=10)
        gen = self.dg.generator(self.name, "train", numShards=3, seed=1)
        self.addCleanup(gen.delete)
        with mock.patch.dict(os.environ, {"RANK": "0", "WORLD_SIZE": "2"}):
            with self.assertRaisesRegex(ValueError, "numShards=2"):
                DataGenIterableDataset(gen)

    def test_shard_comes_from_the_environment_or_defaults_to_one_process(self):
        with mock.patch.dict(os.environ, {"RANK": "2", "WORLD_SIZE": "4"}):
            self.assertEqual(distributed_shard(), (2, 4))
        with mock.patch.dict(os.environ, {"RANK": "4", "WORLD_SIZE": "4"}):
            with self.assertRaises(ValueError):
                distributed_shard()
        with mock.patch.dict(os.environ, {"WORLD_SIZE": "4"}):
            os.environ.pop("RANK", None)
            with self.assertRaises(ValueError):
                distributed_shard()
        with mock.patch.dict(os.environ, {}):
            os.environ.pop("RANK", None)
            os.environ.pop("WORLD_SIZE", None)
            self.assertEqual(distributed_shard(), (0, 1))

    def test_dict_outputs_become_dicts_of_tensors(self):
        name = support.small_multitask()["name"]
        gen = self.dg.generator(name, "train", batchSize=10, seed=5)
        self.addCleanup(gen.delete)
        x, y = next(iter(DataLoader(DataGenIterableDataset(gen), batch_size=None)))
        self.assertEqual((list(y), tuple(y["digit"].shape), tuple(y["parity"].shape)),
                         (["digit", "parity"], (10, 10), (10, 2)))
        self.assertEqual(x.dtype, torch.float32)


if __name__ == "__main__":
    unittest.main()
