"""How big an analysis one request may ask for, and the error when it asks for more.

The analytics run inside a request, so an unbounded network or path search would hold
a worker for minutes. Each function checks its input against an `AnalysisLimits` and
refuses with `AnalysisTooLarge` before doing the work, saying which limit and by how much.
"""

from __future__ import annotations

from dataclasses import dataclass


class AnalysisTooLarge(ValueError):
    """The input or the request goes beyond one of the limits; the message says which."""

    def __init__(self, limit: str, allowed: int, asked: int) -> None:
        self.limit = limit
        self.allowed = allowed
        self.asked = asked
        super().__init__(
            f"{limit} is {allowed} but this analysis needs {asked} "
            f"({asked - allowed} over); narrow the request by depth, link kinds or time window"
        )


@dataclass(frozen=True)
class AnalysisLimits:
    """The bounds one analysis must stay inside."""

    max_depth: int = 3
    max_nodes: int = 5000
    max_links: int = 20000
    max_path_length: int = 6

    def check_size(self, nodes: int, links: int = 0) -> None:
        """Refuse an input with more nodes or links than allowed.

        >>> try:
        ...     AnalysisLimits(max_nodes=10).check_size(nodes=12)
        ... except AnalysisTooLarge as too_large:
        ...     print(too_large.limit, too_large.allowed, too_large.asked)
        max_nodes 10 12
        """
        if nodes > self.max_nodes:
            raise AnalysisTooLarge("max_nodes", self.max_nodes, nodes)
        if links > self.max_links:
            raise AnalysisTooLarge("max_links", self.max_links, links)

    def check_depth(self, depth: int) -> None:
        """Refuse a network depth below one or beyond `max_depth`."""
        if depth < 1:
            raise ValueError(f"depth must be at least 1, not {depth}")
        if depth > self.max_depth:
            raise AnalysisTooLarge("max_depth", self.max_depth, depth)

    def check_path_length(self, length: int) -> None:
        """Refuse a path length below one or beyond `max_path_length`."""
        if length < 1:
            raise ValueError(f"max_length must be at least 1, not {length}")
        if length > self.max_path_length:
            raise AnalysisTooLarge("max_path_length", self.max_path_length, length)


DEFAULT_LIMITS = AnalysisLimits()
