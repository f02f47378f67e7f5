"""Python client of DataGen, the Keras DataGenerator as a service.

    from datagen_client import DataGen
    dg = DataGen("http://127.0.0.1:8080")
    dg.register("mnist", {"train-data": "train-data.txt", "train-label": "train-label.txt"}, base_dir="data/mnist")
    gen = dg.generator("mnist", "train", batchSize=64, seed=42, rescale=1 / 255)
    x, y = gen[0]

Depends on numpy and the standard library only; ``datagen_client.torch`` adds a PyTorch adapter.
"""
from .client import DataGen, GENERATOR_SETTINGS
from .errors import DataGenError, DataGenUnavailable
from .generator import Generator

__all__ = ["DataGen", "DataGenError", "DataGenUnavailable", "Generator", "GENERATOR_SETTINGS"]
__version__ = "0.1.0"
