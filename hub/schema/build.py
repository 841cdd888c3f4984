"""The strawberry Schema, built from the roots; `schema.graphql` is its printed form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from hub.schema.analytics import AnalyticsMutation
from hub.schema.governance import GovernanceMutation
from hub.schema.linkage import LinkageMutation
from hub.schema.mutations import Mutation as RecordingMutation
from hub.schema.queries import Query
from hub.schema.record_mutations import RecordMoreMutation
from hub.schema.scalars import SCALAR_OVERRIDES
from hub.schema.types import ALL_TYPES


@strawberry.type
class Mutation(RecordingMutation, RecordMoreMutation, LinkageMutation, GovernanceMutation,
               AnalyticsMutation):
    """Recording what partners know; record linkage and its review; break glass and its
    review; confirming peer groups."""


def make_schema(extensions: Sequence[Any] = ()) -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, types=list(ALL_TYPES),
                             extensions=list(extensions), scalar_overrides=SCALAR_OVERRIDES)


schema = make_schema()
