"""GeoJSON for QGIS: one Point feature per place with coordinates (WGS84 lon, lat)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


def feature_collection(features: Iterable[tuple[float, float, Mapping[str, Any]]],
                       name: str) -> Iterator[str]:
    """`features` are (lon, lat, properties); written one feature per chunk."""
    yield '{"type": "FeatureCollection", "name": ' + json.dumps(name) + ', "features": [\n'
    first = True
    for lon, lat, properties in features:
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                   "properties": dict(properties)}
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "\n]}\n"
