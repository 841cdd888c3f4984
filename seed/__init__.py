"""The deterministic fictional county the hub is demonstrated, tested and measured on."""

from seed.county import SCALES, generate
from seed.dataset import Dataset
from seed.planted import Planted

__all__ = ["SCALES", "Dataset", "Planted", "generate"]
