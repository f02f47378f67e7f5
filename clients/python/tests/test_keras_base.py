"""Keras is not installed here: these tests put a stand-in ``keras`` package on the path of a fresh
interpreter to check that Generator subclasses what Keras offers and hands it its options."""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

CLIENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROBE = textwrap.dedent("""
    import json, sys
    import keras.utils
    from datagen_client import Generator
    description = {"id": "g", "dataset": "d", "settings": {"split": "train", "numShards": 1},
                   "shards": [{"shard": 0, "samples": 10, "batches": 3}],
                   "arrays": [{"name": "image", "role": "input"}, {"name": "label", "role": "output"}]}
    options = json.loads(sys.argv[1])
    try:
        gen = Generator(None, description, **options)
    except TypeError as e:
        print(json.dumps({"error": str(e)}))
    else:
        print(json.dumps({"bases": [c.__module__ + "." + c.__name__ for c in Generator.__mro__[1:]],
                          "received": getattr(gen, "received", None), "len": len(gen)}))
""")


class KerasBaseTest(unittest.TestCase):

    def probe(self, keras_utils, options="{}"):
        """Runs PROBE with a stand-in keras.utils module (None: no keras at all)."""
        with tempfile.TemporaryDirectory() as tmp:
            if keras_utils is not None:
                os.makedirs(os.path.join(tmp, "keras"))
                open(os.path.join(tmp, "keras", "__init__.py"), "w").close()
                with open(os.path.join(tmp, "keras", "utils.py"), "w") as f:
                    f.write(textwrap.dedent(keras_utils))
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([tmp, CLIENT]))
            script = PROBE if keras_utils is not None else PROBE.replace("import keras.utils\n", "")
            out = subprocess.run([sys.executable, "-c", script, options], env=env, check=True,
                                 capture_output=True, text=True, timeout=60).stdout
        return json.loads(out)

    def test_subclasses_pydataset_and_passes_it_the_keras_options(self):
        result = self.probe("""
            class PyDataset:
                def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
                    self.received = {"workers": workers, "use_multiprocessing": use_multiprocessing,
                                     "max_queue_size": max_queue_size}
            class Sequence:
                pass
        """, '{"workers": 3, "max_queue_size": 5}')
        self.assertEqual(result["bases"][0], "keras.utils.PyDataset")
        self.assertEqual(result["received"], {"workers": 3, "use_multiprocessing": False, "max_queue_size": 5})
        self.assertEqual(result["len"], 3)

    def test_falls_back_to_sequence_for_keras_2(self):
        result = self.probe("""
            class Sequence:
                def __init__(self):
                    self.received = "sequence"
        """)
        self.assertEqual(result["bases"][0], "keras.utils.Sequence")
        self.assertEqual(result["received"], "sequence")

    def test_without_keras_is_a_plain_class_that_refuses_keras_options(self):
        self.assertEqual(self.probe(None)["bases"], ["builtins.object"])
        self.assertIn("Keras is not installed", self.probe(None, '{"workers": 2}')["error"])

    def test_keras_options_without_keras_are_refused_before_any_request(self):
        from datagen_client import DataGen
        # Nothing listens on port 1: a request would raise DataGenUnavailable, not TypeError.
        with self.assertRaisesRegex(TypeError, "Keras is not installed"):
            DataGen("http://127.0.0.1:1", retries=0).generator("mnist", "train", workers=2)


if __name__ == "__main__":
    unittest.main()
