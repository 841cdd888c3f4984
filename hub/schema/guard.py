"""The sharing guard: a person, or a record about a person, may be shown only with a
justification, and every person shown or written about is named in the request's audit entry."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from inspect import isawaitable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from hub.auth.policy import PERSON_RECORD_LABELS
from hub.domain.errors import NEEDS_JUSTIFICATION, Forbidden
from hub.schema.base import TYPES_BY_LABEL
from hub.schema.types import Node, Person
from hub.services.context import RequestContext


@functools.cache
def _person_records() -> tuple[type, ...]:
    """The GraphQL types of records about a person (worked out once, after registration)."""
    return tuple(TYPES_BY_LABEL[label] for label in sorted(PERSON_RECORD_LABELS))


def _disclose(context: RequestContext, value: Any) -> Any:
    """Check a resolved value: a person or a record about one (or a list holding them)
    needs a justification."""
    items = value if isinstance(value, list) else [value]
    people = [v for v in items if isinstance(v, Person)]
    records = [v for v in items if isinstance(v, _person_records())]
    if people or records:
        if not context.justification:
            raise Forbidden(NEEDS_JUSTIFICATION)
        context.disclosed.update(p.raw["id"] for p in people)
        context.concerning.update(r.raw["id"] for r in records if isinstance(r, Node))
    return value


class SharingGuard(SchemaExtension):
    """Runs on every field; costs two isinstance checks unless a field yields a person or a
    record about one. After execution, the records shown are resolved to their people in
    one statement, so the audit entry names whom they were about."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if isinstance(context, RequestContext) and context.concerning:
            rows = await context.store.run("people_concerned",
                                           {"ids": sorted(context.concerning)})
            context.disclosed.update(p for row in rows for p in row["people"] or () if p)

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
