"""Crop, normalize, MixUp / CutMix, sampling and validation subsets: sent by their JSON names, described back
by the service, and doing what they say on the MNIST digits."""
import collections
import unittest

import numpy as np

from datagen_client import DataGenError
from tests import support


class PreprocessingTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dg = support.client()
        cls.ds = support.small_mnist()
        cls.name = cls.ds["name"]
        cls.n = cls.ds["splits"]["train"]["samples"]
        cls.labels = support.label_rows("train-label.txt", cls.n)

    @classmethod
    def tearDownClass(cls):
        cls.dg.close()

    def generator(self, **settings):
        gen = self.dg.generator(self.name, "train", prefetch=0, **settings)
        self.addCleanup(gen.delete)
        return gen

    def test_the_new_settings_are_sent_and_described_back(self):
        for settings in [
                {"dtype": "float32", "rescale": 1 / 255, "normalize": {"mean": [0.1307], "std": [0.3081]},
                 "crop": {"mode": "random-resized", "scale": [0.08, 1.0], "ratio": [0.75, 1.3333]},
                 "mixup": {"alpha": 0.2}},
                {"crop": {"mode": "center", "fraction": 0.875}, "cutmix": {"alpha": 1.0}},
                {"crop": {"mode": "pad"}},
                {"sampling": {"mode": "balanced", "output": "label", "epochSamples": 500}},
                {"sampling": {"mode": "weighted", "output": "label", "classWeights": [1.0] * 9 + [5.0],
                              "epochSamples": 300}},
                {"validationSplit": 0.2, "subset": "validation", "splitSeed": 4, "stratify": True}]:
            gen = self.generator(batchSize=16, seed=3, **settings)
            described = {k: gen.settings[k] for k in settings}
            self.assertEqual(described, settings)
            again = self.dg.generator_by_id(gen.id, prefetch=0)
            self.assertEqual({k: again.settings[k] for k in settings}, settings)
        # uniform is the default, and the service describes it by leaving sampling out
        uniform = self.generator(batchSize=16, seed=3, sampling={"mode": "uniform"})
        self.assertEqual(uniform.settings.get("sampling", {"mode": "uniform"}), {"mode": "uniform"})
        self.assertEqual(uniform.samples_per_epoch, self.n)

    def test_normalize_is_rescale_then_mean_and_std(self):
        raw, _ = self.generator(batchSize=8, seed=5, dtype="float32")[0]
        normalized, _ = self.generator(batchSize=8, seed=5, dtype="float32", rescale=1 / 255,
                                       normalize={"mean": [0.1307], "std": [0.3081]})[0]
        np.testing.assert_allclose(normalized, (raw / 255 - 0.1307) / 0.3081, atol=1e-5)

    def test_a_center_crop_keeps_the_arrays_shape(self):
        x, _ = self.generator(batchSize=8, seed=5, crop={"mode": "center", "fraction": 0.5})[0]
        self.assertEqual(x.shape, (8, 28, 28, 1))

    def test_mixup_blends_each_label_with_its_partners_by_lambda(self):
        gen = self.generator(batchSize=10, seed=7, mixup={"alpha": 0.4})
        for index in (0, 3):
            info = gen.batch_info(index)
            mix, own = info["mix"], self.labels[info["indices"]]
            self.assertEqual(mix["kind"], "mixup")
            self.assertTrue(0 < mix["lambda"] < 1, mix)
            for i, sample in enumerate(mix["samples"]):
                self.assertEqual(sample["partner"], len(own) - 1 - i)  # sample i with sample N-1-i
                self.assertEqual(sample["partnerSample"], info["indices"][sample["partner"]])
                expected = sample["lambda"] * own[i] + (1 - sample["lambda"]) * own[sample["partner"]]
                np.testing.assert_allclose(info["labels"]["label"][i], expected, atol=1e-6)
            _, y = gen[index]
            np.testing.assert_allclose(y, np.array(info["labels"]["label"], np.float32), atol=1e-6)

    def test_cutmix_reports_the_box_and_labels_by_its_area(self):
        info = self.generator(batchSize=10, seed=7, cutmix={"alpha": 1.0}).batch_info(0)
        mix = info["mix"]
        self.assertEqual(mix["kind"], "cutmix")
        self.assertEqual(len(mix["box"]), 4)
        own = self.labels[info["indices"]]
        sample = mix["samples"][0]
        self.assertEqual(sample["box"], mix["box"])
        np.testing.assert_allclose(info["labels"]["label"][0],
                                   sample["lambda"] * own[0] + (1 - sample["lambda"]) * own[sample["partner"]],
                                   atol=1e-6)

    def test_weighted_and_balanced_sampling_draw_epoch_samples_positions(self):
        nines = self.generator(batchSize=50, seed=2, sampling={
            "mode": "weighted", "output": "label", "classWeights": [0.0] * 9 + [1.0], "epochSamples": 120})
        self.assertEqual((nines.samples_per_epoch, len(nines)), (120, 3))
        drawn = [i for b in range(len(nines)) for i in nines.batch_info(b)["indices"]]
        self.assertEqual(len(drawn), 120)
        self.assertTrue((self.labels[drawn].argmax(1) == 9).all())
        balanced = self.generator(batchSize=100, seed=3, sampling={"mode": "balanced", "output": "label",
                                                                   "epochSamples": 500})
        drawn = [i for b in range(len(balanced)) for i in balanced.batch_info(b)["indices"]]
        counts = collections.Counter(self.labels[drawn].argmax(1).tolist())
        self.assertEqual(sum(counts.values()), 500)
        self.assertEqual(sorted(counts), list(range(10)))
        self.assertTrue(all(20 <= c <= 90 for c in counts.values()), counts)  # about 50 each

    def test_training_and_validation_subsets_divide_the_split(self):
        seen = {}
        for subset in ("training", "validation"):
            gen = self.generator(batchSize=64, seed=1, validationSplit=0.2, subset=subset, splitSeed=9,
                                 stratify=True)
            info = gen.description["subset"]
            self.assertEqual((info["name"], info["output"]), (subset, "label"))
            self.assertEqual(info["samples"], gen.samples_per_epoch)
            indices = [i for b in range(len(gen)) for i in gen.batch_info(b)["indices"]]
            self.assertEqual(len(indices), info["samples"])
            self.assertEqual(len(set(indices)), len(indices))
            counts = np.bincount(self.labels[indices].argmax(1), minlength=10)
            self.assertEqual(counts.tolist(), info["distribution"])
            seen[subset] = set(indices)
        self.assertEqual(len(seen["validation"]), 120)
        self.assertFalse(seen["training"] & seen["validation"])
        self.assertEqual(seen["training"] | seen["validation"], set(range(self.n)))

    def test_invalid_new_settings_are_refused_naming_the_field(self):
        for settings, field in [({"normalize": {"mean": [0.5], "std": [0.5]}, "dtype": "uint8"}, "normalize"),
                                ({"crop": {"mode": "center", "fraction": 1.5}}, "crop.fraction"),
                                ({"mixup": {"alpha": 0}}, "mixup.alpha"),
                                ({"sampling": {"mode": "balanced"}}, "sampling.output"),
                                ({"validationSplit": 0.2}, "subset"),
                                ({"stratify": True}, "stratify")]:
            with self.assertRaises(DataGenError) as caught:
                self.dg.generator(self.name, "train", **settings)
            err = caught.exception
            self.assertEqual((err.status, err.type, err.field), (400, "/problems/invalid-generator", field))


if __name__ == "__main__":
    unittest.main()
