"""Weighted random draws with the cumulative weights worked out once.

`random.choices` rebuilds its cumulative weights on every call; the county makes about
a million weighted draws, so the tables are built once here instead.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Draw items in proportion to their weights; an empty or all-zero table is falsy."""

    def __init__(self, items: Sequence[T], weights: Iterable[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        if len(self.cum) != len(self.items):
            raise ValueError("one weight per item")
        self.total = self.cum[-1] if self.cum else 0.0

    @classmethod
    def of(cls, pairs: Iterable[tuple[T, float]]) -> Weighted[T]:
        pairs = list(pairs)
        return cls([item for item, _ in pairs], [weight for _, weight in pairs])

    def __bool__(self) -> bool:
        return self.total > 0

    def __call__(self, rng: random.Random) -> T:
        return self.items[min(bisect(self.cum, rng.random() * self.total),
                              len(self.items) - 1)]
