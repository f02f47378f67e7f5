import unittest

import numpy as np

from datagen_client import DataGenError
from tests import support


class BatchTest(unittest.TestCase):

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
        gen = self.dg.generator(self.name, "train", **settings)
        self.addCleanup(gen.delete)
        return gen

    def test_batches_have_the_announced_shapes_and_dtypes(self):
        for settings, image_shape, image_dtype in [
                ({"dtype": "uint8", "layout": "NCHW"}, (1, 28, 28), np.uint8),
                ({"dtype": "float32", "layout": "NHWC"}, (28, 28, 1), np.float32)]:
            gen = self.generator(batchSize=64, seed=5, **settings)
            announced = {a["name"]: (tuple(a["shape"]), a["dtype"]) for a in gen.description["arrays"]}
            self.assertEqual(announced, {"image": ((64,) + image_shape, np.dtype(image_dtype).name),
                                         "label": ((64, 10), "float32")})
            self.assertEqual((gen.inputs, gen.outputs), (["image"], ["label"]))
            self.assertEqual(len(gen), -(-self.n // 64))
            x, y = gen[0]
            self.assertEqual((x.shape, x.dtype, y.shape, y.dtype),
                             ((64,) + image_shape, np.dtype(image_dtype), (64, 10), np.dtype(np.float32)))
            # The last batch holds what is left of the epoch.
            x, y = gen[len(gen) - 1]
            self.assertEqual(len(x), self.n - 64 * (len(gen) - 1))
            self.assertEqual(len(y), len(x))

    def test_labels_are_the_list_file_rows_of_the_indices_the_json_view_reports(self):
        gen = self.generator(batchSize=50, seed=11)
        for index in (0, 3, len(gen) - 1):
            info = gen.batch_info(index)
            self.assertEqual((info["epoch"], info["index"], info["size"]), (0, index, len(info["indices"])))
            _, y = gen[index]
            np.testing.assert_array_equal(y, self.labels[info["indices"]])
            np.testing.assert_array_equal(np.array(info["labels"]["label"], np.float32), y)

    def test_pixels_are_the_png_files_of_the_reported_samples(self):
        gen = self.generator(batchSize=16, seed=2, dtype="uint8")
        x, _ = gen[1]
        paths = support.lines("train-data.txt", self.n)
        for row, sample in zip(x, gen.batch_info(1)["indices"]):
            np.testing.assert_array_equal(row[:, :, 0], support.read_png(support.data_path(paths[sample])))

    def test_rescale_multiplies_the_pixels(self):
        raw = self.generator(batchSize=16, seed=4, dtype="float32")[0][0]
        scaled = self.generator(batchSize=16, seed=4, dtype="float32", rescale=1 / 255)[0][0]
        self.assertEqual(raw.max(), 255.0)
        np.testing.assert_allclose(scaled, raw / 255, rtol=1e-6)

    def test_unshuffled_epoch_keeps_list_order(self):
        gen = self.generator(batchSize=100, shuffle=False)
        indices = [i for b in range(len(gen)) for i in gen.batch_info(b)["indices"]]
        self.assertEqual(indices, list(range(self.n)))
        np.testing.assert_array_equal(np.concatenate([y for _, y in gen]), self.labels)

    def test_an_epoch_is_a_permutation_and_on_epoch_end_changes_the_order(self):
        gen = self.generator(batchSize=64, seed=21, prefetch=0)
        order = lambda: [i for b in range(len(gen)) for i in gen.batch_info(b)["indices"]]
        first = order()
        self.assertEqual(sorted(first), list(range(self.n)))
        y0 = np.concatenate([y for _, y in gen])
        gen.on_epoch_end()
        self.assertEqual(gen.epoch, 1)
        second = order()
        self.assertEqual(sorted(second), list(range(self.n)))
        self.assertNotEqual(first, second)
        y1 = np.concatenate([y for _, y in gen])
        np.testing.assert_array_equal(y0, self.labels[first])
        np.testing.assert_array_equal(y1, self.labels[second])

    def test_the_same_epoch_and_index_read_twice_is_byte_identical(self):
        gen = self.generator(batchSize=32, seed=8, augment={"rotationRange": 15, "zoomRange": 0.1})
        once = gen.batch_bytes(2, epoch=3)
        self.assertEqual(gen.batch_bytes(2, epoch=3), once)
        # Another client and generator object (a resumed trainer) reading the same generator.
        again = support.client().generator_by_id(gen.id, epoch=3)
        self.assertEqual(again.batch_bytes(2), once)
        x, y = again[2]
        ex, ey = gen.decode(once)
        np.testing.assert_array_equal(x, ex)
        np.testing.assert_array_equal(y, ey)
        self.assertNotEqual(gen.batch_bytes(2, epoch=4), once)

    def test_setting_the_epoch_resumes_there(self):
        gen = self.generator(batchSize=64, seed=13)
        expected = [gen.batch(i, epoch=5) for i in range(len(gen))]
        gen.epoch = 5
        for (x, y), (ex, ey) in zip(gen, expected):
            np.testing.assert_array_equal(x, ex)
            np.testing.assert_array_equal(y, ey)
        with self.assertRaises(ValueError):
            gen.epoch = -1

    def test_drop_last_leaves_out_the_partial_batch(self):
        gen = self.generator(batchSize=64, seed=1, dropLast=True)
        self.assertEqual(len(gen), self.n // 64)
        self.assertEqual(len(gen[len(gen) - 1][0]), 64)

    def test_out_of_range_index_is_an_index_error(self):
        gen = self.generator(batchSize=100)
        with self.assertRaises(IndexError):
            gen[len(gen)]
        self.assertEqual(gen[-1][0].shape, gen[len(gen) - 1][0].shape)
        self.assertEqual(len(list(gen)), len(gen))

    def test_invalid_settings_are_refused(self):
        with self.assertRaises(TypeError) as caught:
            self.dg.generator(self.name, "train", batch_size=8)
        self.assertIn("batchSize", str(caught.exception))
        for settings, field in [({"split": "validation"}, "split"), ({"split": "train", "batchSize": 0}, "batchSize")]:
            with self.assertRaises(DataGenError) as caught:
                self.dg.generator(self.name, **settings)
            err = caught.exception
            self.assertEqual((err.status, err.type, err.field), (400, "/problems/invalid-generator", field))
            self.assertIn(field, str(err))


if __name__ == "__main__":
    unittest.main()
