import unittest

import numpy as np

from tests import support


class MultiOutputTest(unittest.TestCase):

    def test_two_outputs_come_as_a_dict_in_the_servers_order(self):
        ds = support.small_multitask()
        self.assertEqual([o["name"] for o in ds["outputs"]], ["digit", "parity"])
        gen = support.client().generator(ds["name"], "train", batchSize=25, seed=6, dtype="uint8")
        self.addCleanup(gen.delete)
        self.assertEqual(gen.outputs, ["digit", "parity"])
        digits = support.label_rows("train-label.txt", ds["splits"]["train"]["samples"])
        parities = support.label_rows("train-label-parity.txt", ds["splits"]["train"]["samples"])
        for index in (0, len(gen) - 1):
            x, y = gen[index]
            self.assertIsInstance(x, np.ndarray)
            self.assertEqual(list(y), ["digit", "parity"])
            self.assertEqual((x.shape, y["digit"].shape, y["parity"].shape), ((25, 28, 28, 1), (25, 10), (25, 2)))
            samples = gen.batch_info(index)["indices"]
            np.testing.assert_array_equal(y["digit"], digits[samples])
            np.testing.assert_array_equal(y["parity"], parities[samples])
            # The two outputs describe the same digits: parity "1 0" is even.
            np.testing.assert_array_equal(y["digit"].argmax(1) % 2, y["parity"].argmax(1))

    def test_two_inputs_come_as_a_dict(self):
        ds = support.register("pairs", {
            "train-data.left": support.lines_bytes("train-pair-left.txt", 40),
            "train-data.right": support.lines_bytes("train-pair-right.txt", 40),
            "train-label.same": support.lines_bytes("train-label-same.txt", 40)})
        gen = support.client().generator(ds["name"], "train", batchSize=8, shuffle=False, layout="NCHW")
        self.addCleanup(gen.delete)
        x, y = gen[0]
        self.assertEqual(list(x), ["left", "right"])
        self.assertEqual((x["left"].shape, x["right"].shape, y.shape), ((8, 1, 28, 28), (8, 1, 28, 28), (8, 2)))
        np.testing.assert_array_equal(y, support.label_rows("train-label-same.txt", 8))
        lefts = support.lines("train-pair-left.txt", 8)
        rights = support.lines("train-pair-right.txt", 8)
        for k in range(8):
            np.testing.assert_array_equal(x["left"][k, 0], support.read_png(support.data_path(lefts[k])))
            np.testing.assert_array_equal(x["right"][k, 0], support.read_png(support.data_path(rights[k])))

    def test_a_mask_output_is_uint8_ids(self):
        ds = support.register("seg", {
            "train-data": support.lines_bytes("train-data.txt", 20),
            "train-label.mask": support.lines_bytes("train-mask.txt", 20)})
        self.assertEqual(ds["outputs"][0]["kind"], "mask")
        gen = support.client().generator(ds["name"], "train", batchSize=5, shuffle=False)
        self.addCleanup(gen.delete)
        x, y = gen[0]
        self.assertEqual((x.shape, y.shape, y.dtype), ((5, 28, 28, 1), (5, 28, 28), np.dtype(np.uint8)))
        masks = support.lines("train-mask.txt", 5)
        for k in range(5):
            np.testing.assert_array_equal(y[k], support.read_png(support.data_path(masks[k])))


if __name__ == "__main__":
    unittest.main()
