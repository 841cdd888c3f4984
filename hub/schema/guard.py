"""The sharing guard: a person may be shown only with a justification, and every person
shown is recorded as disclosed so the request's audit entry names them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from hub.domain.errors import NEEDS_JUSTIFICATION, Forbidden
from hub.schema.types import Person
from hub.services.context import RequestContext


def _disclose(context: RequestContext, value: Any) -> Any:
    """Check a resolved value: a person (or a list holding people) needs a justification."""
    people = [value] if isinstance(value, Person) else (
        [v for v in value if isinstance(v, Person)] if isinstance(value, list) else [])
    if people:
        if not context.justification:
            raise Forbidden(NEEDS_JUSTIFICATION)
        context.disclosed.update(p.raw["id"] for p in people)
    return value


class SharingGuard(SchemaExtension):
    """Runs on every field; costs one isinstance check unless a field yields a person."""

    def resolve(self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo,
                *args: Any, **kwargs: Any) -> Any:
        context = info.context
        assert isinstance(context, RequestContext)
        if context.operation is None and info.operation.name is not None:
            context.operation = info.operation.name.value
        result = _next(root, info, *args, **kwargs)
        if isawaitable(result):
            return self._checked(context, result)
        return _disclose(context, result)

    async def _checked(self, context: RequestContext, pending: Awaitable[Any]) -> Any:
        return _disclose(context, await pending)
