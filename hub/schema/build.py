"""The strawberry Schema, built from the roots; `schema.graphql` is its printed form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from hub.schema.queries import Query
from hub.schema.scalars import SCALAR_OVERRIDES
from hub.schema.types import ALL_TYPES


def make_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    return strawberry.Schema(query=Query, types=list(ALL_TYPES), extensions=list(extensions),
                             scalar_overrides=SCALAR_OVERRIDES)


schema = make_schema()
