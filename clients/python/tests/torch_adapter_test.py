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


def _query(params):
    """Dealing.params (the service's query names) as DataGen.batch_info's keywords."""
    names = {"shard": "shard", "numShards": "num_shards", "from": "from_position"}
    return {names[k]: v for k, v in params.items()}


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

    def test_sharding_needs_a_shared_seed(self):
        with self.assertRaisesRegex(ValueError, "seed"):
            self.create(env={"RANK": "0", "WORLD_SIZE": "2"}, batchSize=10)

    def test_a_generator_of_another_shard_count_is_dealt_to_the_world(self):
        gen = self.dg.generator(self.name, "train", numShards=3, seed=1, batchSize=64)
        self.addCleanup(gen.delete)
        seen = []
        for rank in (0, 1):
            ds = self.rank(gen.id, rank, 2)
            self.assertEqual((ds.generator.num_shards, ds.generator.from_position, len(ds)), (2, 0, 5))
            seen += [i for b in range(len(ds)) for i in ds.generator.batch_info(b)["indices"]]
            self.assertEqual(sum(len(y) for _, y in DataLoader(ds, batch_size=None)), 300)
        self.assertEqual(sorted(seen), list(range(600)))

    def rank(self, generator_id, rank, world, prefetch=2):
        """Rank ``rank`` of ``world`` processes, as torchrun's environment makes it."""
        with mock.patch.dict(os.environ, {"RANK": str(rank), "WORLD_SIZE": str(world)}):
            ds = DataGenIterableDataset.from_id(self.dg, generator_id, prefetch=prefetch)
        self.addCleanup(ds.generator.close)
        return ds

    def read(self, ds, batches=None):
        """Reads ``batches`` batches (default: to the end of the pass) through a DataLoader; returns the
        sample indices it was given, checked against the JSON view of the batches of the dealing read."""
        g = ds.generator
        epoch, dealing, first = g.epoch, g.dealing, len(g) - len(ds)
        indices, loader = [], iter(DataLoader(ds, batch_size=None))
        for b, (_, y) in enumerate(loader):
            info = self.dg.batch_info(g.id, epoch, first + b, **_query(dealing.params(ds.rank)))
            np.testing.assert_array_equal(y.numpy(), np.array(info["labels"]["label"], np.float32))
            indices += info["indices"]
            if batches is not None and b + 1 == batches:
                break
        return indices

    def test_a_checkpoint_of_8_ranks_resumes_with_5_reading_each_remaining_sample_once(self):
        gen = self.dg.generator(self.name, "train", numShards=8, seed=9, batchSize=16, dtype="uint8")
        self.addCleanup(gen.delete)
        order = self.dg.generator(self.name, "train", seed=9, batchSize=600)
        self.addCleanup(order.delete)
        order = order.batch_info(0)["indices"]
        consumed, states = [], []
        for rank in range(8):  # every rank takes 2 of its 5 batches, in lockstep
            ds = self.rank(gen.id, rank, 8)
            consumed += self.read(ds, batches=2)
            states.append(ds.state_dict())
        self.assertEqual(states, [states[0]] * 8)
        state = states[0]
        self.assertEqual(state, {"generator": gen.id, "epoch": 0, "position": 256, "samplesPerEpoch": 600,
                                 "batchSize": 16, "numShards": 8, "from": 0})
        self.assertEqual(sorted(consumed), sorted(order[:256]))

        remaining = []
        for rank in range(5):
            ds = self.rank(gen.id, rank, 5)
            ds.load_state_dict(state)
            ds.set_epoch(0)  # the epoch already set: keeps the loaded position
            self.assertEqual((ds.epoch, ds.generator.num_shards, ds.generator.from_position), (0, 5, 256))
            mine = self.read(ds)
            self.assertEqual(mine, order[256 + rank::5])
            remaining += mine
            # the pass is over: the next epoch, whole, dealt to the 5 ranks
            self.assertEqual(ds.state_dict(), dict(state, epoch=1, position=0, numShards=5))
            self.assertEqual((ds.epoch, ds.generator.num_shards, ds.generator.from_position, len(ds)), (1, 5, 0, 8))
        self.assertEqual(sorted(remaining), sorted(order[256:]))
        self.assertEqual(len(remaining), len(set(remaining)))
        self.assertEqual(sorted(consumed + remaining), list(range(600)))

    def test_a_checkpoint_resumed_by_as_many_ranks_gives_the_batches_of_an_uninterrupted_run(self):
        gen = self.dg.generator(self.name, "train", numShards=3, seed=4, batchSize=32,
                                dtype="float32", mixup={"alpha": 0.4})
        self.addCleanup(gen.delete)
        ds = self.rank(gen.id, 1, 3)
        ds.set_epoch(2)
        loader = iter(DataLoader(ds, batch_size=None))
        next(loader), next(loader), next(loader)
        state = ds.state_dict()
        self.assertEqual((state["epoch"], state["position"]), (2, 3 * 3 * 32))
        again = self.rank(gen.id, 1, 3)
        again.load_state_dict(state)
        self.assertEqual((again.generator.from_position, len(again)), (0, len(ds.generator) - 3))
        reference = self.dg.generator_by_id(gen.id, shard=1, prefetch=0)
        batches = list(DataLoader(again, batch_size=None))
        self.assertEqual(len(batches), len(reference) - 3)
        for (x, y), (ex, ey) in zip(batches, reference.batches(range(3, len(reference)), epoch=2)):
            np.testing.assert_array_equal(x.numpy(), ex)  # mixed with the same partners and lambda
            np.testing.assert_array_equal(y.numpy(), ey)

    def test_a_state_of_another_generator_is_refused(self):
        ds = self.create(batchSize=100, seed=2)
        state = ds.state_dict()
        self.assertEqual(state["position"], 0)
        with self.assertRaisesRegex(ValueError, "generator"):
            ds.load_state_dict(dict(state, generator="another"))

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
