"""The sharing guard: person-level fields need a justification, and every person shown is
recorded as disclosed so the request's audit entry names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from hub.schema.errors import Forbidden
from hub.schema.types import Person
from hub.services.context import RequestContext

NEEDS_JUSTIFICATION = (
    "reading a person's record needs a justification: send a short reason in the "
    "X-Justification header"
)


class SharingGuard(SchemaExtension):
    """Runs on every field: cheap (one isinstance) except on fields of a person."""

    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo, *args: Any,
                **kwargs: Any) -> Any:
        if isinstance(root, Person):
            context = info.context
            assert isinstance(context, RequestContext)
            if not context.justification:
                raise Forbidden(NEEDS_JUSTIFICATION)
            context.disclosed.add(root.raw["id"])
        return _next(root, info, *args, **kwargs)
