import os
import shutil
import unittest

from datagen_client import DataGenError
from tests import support


class RegistrationTest(unittest.TestCase):

    def test_four_file_form_from_paths_is_described_by_the_server(self):
        dg = support.client()
        name = support.unique("four")
        parts = {part: support.data_path(part + ".txt")
                 for part in ("train-data", "train-label", "test-data", "test-label")}
        try:
            described = dg.register(name, parts, base_dir=support.DATA)
            train, test = len(support.lines("train-data.txt")), len(support.lines("test-data.txt"))
            self.assertEqual(described["name"], name)
            self.assertEqual(described["imagesChecked"], train + test)
            self.assertEqual(described["inputs"], [
                {"name": "image", "height": 28, "width": 28, "color": "grayscale", "channels": 1,
                 "interpolation": "auto"}])
            self.assertEqual([(o["name"], o["kind"], o["classes"]) for o in described["outputs"]],
                             [("label", "categorical", 10)])
            self.assertEqual(described["splits"]["train"]["samples"], train)
            self.assertEqual(described["splits"]["test"]["samples"], test)
            # The class counts the server reports are the column sums of the label file.
            counts = support.label_rows("train-label.txt").sum(axis=0).astype(int).tolist()
            self.assertEqual(described["splits"]["train"]["distribution"]["label"], counts)

            self.assertEqual(dg.dataset(name)["splits"], described["splits"])
            self.assertIn(name, [d["name"] for d in dg.datasets()])
        finally:
            dg.delete(name)
        with self.assertRaises(DataGenError) as caught:
            dg.dataset(name)
        self.assertEqual(caught.exception.status, 404)

    def test_bad_label_line_raises_with_the_servers_part_line_and_detail(self):
        labels = support.lines("train-label.txt", 10)
        labels[6] = labels[6] + " 0"  # line 7 has 11 values, the others 10
        with self.assertRaises(DataGenError) as caught:
            support.register("bad", {"train-data": support.lines_bytes("train-data.txt", 10),
                                     "train-label": ("\n".join(labels) + "\n").encode()})
        err = caught.exception
        self.assertEqual(err.status, 400)
        self.assertEqual(err.type, "/problems/invalid-list-file")
        self.assertEqual(err.title, "Invalid list file")
        self.assertEqual((err.part, err.line), ("train-label", 7))
        self.assertEqual(err.properties["part"], "train-label")
        self.assertIn("11 values", err.reason)
        self.assertEqual(str(err), err.detail)
        self.assertTrue(str(err).startswith("train-label, line 7:"), str(err))
        with self.assertRaises(AttributeError):
            err.no_such_property

    def test_image_path_outside_the_data_roots_is_refused(self):
        with self.assertRaises(DataGenError) as caught:
            support.register("escape", {"train-data": b"../../../../../../etc/passwd\n",
                                        "train-label": b"1 0\n"})
        self.assertEqual(caught.exception.status, 400)
        self.assertEqual(caught.exception.part, "train-data")
        self.assertEqual(caught.exception.line, 1)

    def test_taken_name_is_a_conflict(self):
        name = support.small_mnist()["name"]
        with self.assertRaises(DataGenError) as caught:
            support.client().register(name, {"train-data": support.lines_bytes("train-data.txt", 5),
                                             "train-label": support.lines_bytes("train-label.txt", 5)},
                                      base_dir=support.DATA)
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(caught.exception.part, "name")

    def test_spec_overrides_the_inferred_input_size(self):
        described = support.register("spec", {
            "train-data": support.lines_bytes("train-data.txt", 20),
            "train-label": support.lines_bytes("train-label.txt", 20)},
            spec={"inputs": {"image": {"size": [14, 14]}},
                  "outputs": {"label": {"classNames": [str(d) for d in range(10)]}}})
        self.assertEqual((described["inputs"][0]["height"], described["inputs"][0]["width"]), (14, 14))
        self.assertEqual(described["outputs"][0]["classNames"], [str(d) for d in range(10)])
        x, _ = support.client().generator(described["name"], "train", batchSize=4, dtype="uint8")[0]
        self.assertEqual(x.shape, (4, 14, 14, 1))

    def test_class_folders_register_with_register_directory(self):
        # Two class folders of real digits, made inside the data folder (a data root) and removed after.
        root = os.path.join(support.DATA, "." + support.unique("classes"))
        labels = support.label_rows("train-label.txt", 40).argmax(axis=1)
        paths = support.lines("train-data.txt", 40)
        try:
            for digit in (3, 7):
                os.makedirs(os.path.join(root, "train", "digit%d" % digit))
                for path in [p for p, y in zip(paths, labels) if y == digit]:
                    shutil.copy(support.data_path(path), os.path.join(root, "train", "digit%d" % digit))
            dg = support.client()
            name = support.unique("dir")
            described = dg.register_directory(name, {"train": os.path.join(root, "train")}, size=(20, 20),
                                              color="rgb", interpolation="area")
            try:
                self.assertEqual(described["outputs"][0]["classNames"], ["digit3", "digit7"])
                self.assertEqual(described["inputs"][0]["interpolation"], "area")
                self.assertEqual(described["splits"]["train"]["samples"], int(((labels == 3) | (labels == 7)).sum()))
                x, y = dg.generator(name, "train", batchSize=2, dtype="uint8")[0]
                self.assertEqual((x.shape, y.shape), ((2, 20, 20, 3), (2, 2)))
            finally:
                dg.delete(name)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
