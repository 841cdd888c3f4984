"""Limits on what one request may ask, checked before any store is touched.

Depth, aliases and tokens have strawberry's own limiters; the rest are ours:

- cost: every field costs 1; a field taking `first` or `last` multiplies what is under it
  by that number, read from the variables when it is `$n` (or by the default page size when
  a connection is asked for without one), so a query that would fan out to thousands of
  records is refused up front. It needs the variables, so it runs just before execution,
  not in (cacheable) validation;
- one operation: a document with several operations must name the one to run;
- directives: at most MAX_DIRECTIVES on one field or fragment (directive overloading);
- repeats: one response name at most MAX_FIELD_REPEATS times in a selection set (field
  duplication, 500 x `__typename`);
- text: a string literal holding a NUL or a lone surrogate is refused naming the argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    Node,
    ObjectFieldNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.types import ExecutionResult

from hub.domain.text import text_problem
from hub.schema.paging import DEFAULT_PAGE

MAX_DIRECTIVES = 4
MAX_FIELD_REPEATS = 3
LIMIT = {"code": "LIMIT_EXCEEDED"}


def _multiplier(field: FieldNode, variables: dict[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value not in {"first", "last"}:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(1, int(value.value))
        if isinstance(value, VariableNode):
            bound = variables.get(value.name.value)
            if isinstance(bound, int) and not isinstance(bound, bool):
                return max(1, bound)
            return DEFAULT_PAGE
    if field.selection_set and any(
        isinstance(s, FieldNode) and s.name.value in {"edges", "nodes"}
        for s in field.selection_set.selections
    ):
        return DEFAULT_PAGE
    return 1


def selection_cost(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    seen: frozenset[str] = frozenset(),
) -> int:
    """The cost of a selection set.

    >>> from graphql import parse
    >>> doc = parse("{ people(first: 10) { edges { node { name } } } }")
    >>> selection_cost(doc.definitions[0].selection_set, {}, {})
    31
    """
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = selection_cost(selection.selection_set, fragments, variables, seen)
            total += 1 + _multiplier(selection, variables) * inner
        elif isinstance(selection, InlineFragmentNode):
            total += selection_cost(selection.selection_set, fragments, variables, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            total += selection_cost(fragments[name].selection_set, fragments, variables,
                                    seen | {name})
    return total


def _bound_variables(operation: OperationDefinitionNode, given: dict[str, Any]) -> dict[str, Any]:
    """The variables as sent, with each one left out taken from its declared default."""
    bound = dict(given)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if bound.get(name) is None and isinstance(definition.default_value, IntValueNode):
            bound[name] = int(definition.default_value.value)
    return bound


def operation_error(document: DocumentNode, operation_name: str | None,
                    variables: dict[str, Any], max_cost: int) -> GraphQLError | None:
    """Why this operation may not run (several unnamed, or too costly), or None."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None and len(operations) > 1:
        names = ", ".join(o.name.value if o.name else "(anonymous)" for o in operations)
        return GraphQLError(
            f"the document holds {len(operations)} operations ({names}): send operationName "
            "to say which one to run", extensions={"code": "GRAPHQL_VALIDATION"})
    chosen = [o for o in operations if operation_name is None
              or (o.name is not None and o.name.value == operation_name)]
    if not chosen:
        return None  # graphql-core says the operation is unknown
    operation = chosen[0]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    cost = selection_cost(operation.selection_set, fragments,
                          _bound_variables(operation, variables))
    if cost <= max_cost:
        return None
    name = operation.name.value if operation.name else "anonymous"
    return GraphQLError(f"'{name}' would cost {cost}, over the limit of {max_cost}: "
                        "ask for smaller pages (first/last) or fewer nested lists",
                        extensions=dict(LIMIT))


def cost_limiter(max_cost: int) -> type[SchemaExtension]:
    """A strawberry extension that refuses, before execution, operations costing over `max_cost`
    (priced with the request's variables) and documents of several operations with no name."""

    class RequestLimits(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            context = self.execution_context
            if context.graphql_document is not None and context.result is None:
                requested = getattr(context, "_provided_operation_name", None)
                error = operation_error(context.graphql_document, requested,
                                        context.variables or {}, max_cost)
                if error is not None:
                    context.result = ExecutionResult(data=None, errors=[error])
            yield

    return RequestLimits


class DocumentLimits(ValidationRule):
    """Directive overloading, field duplication and unstorable text, refused once each."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.reported: set[str] = set()

    def _report_once(self, kind: str, error: GraphQLError) -> None:
        if kind not in self.reported:
            self.reported.add(kind)
            self.report_error(error)

    def enter(self, node: Node, *_args: Any) -> None:
        directives = getattr(node, "directives", None)
        if directives and len(directives) > MAX_DIRECTIVES:
            self._report_once("directives", GraphQLError(
                f"{len(directives)} directives on one field or fragment; at most "
                f"{MAX_DIRECTIVES} directives are allowed", nodes=[node], extensions=dict(LIMIT)))

    def enter_selection_set(self, node: SelectionSetNode, *_args: Any) -> None:
        counts: dict[str, int] = {}
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                counts[key] = counts.get(key, 0) + 1
        for key, count in counts.items():
            if count > MAX_FIELD_REPEATS:
                self._report_once("repeats", GraphQLError(
                    f"'{key}' is selected {count} times in one selection set; a field may be "
                    f"repeated at most {MAX_FIELD_REPEATS} times", nodes=[node], extensions=dict(LIMIT)))

    def enter_string_value(self, node: StringValueNode, _key: Any, parent: Any, _path: Any,
                           ancestors: list[Any]) -> None:
        problem = text_problem(node.value)
        if problem is None:
            return
        names = [a.name.value for a in [*ancestors, parent]
                 if isinstance(a, ArgumentNode | ObjectFieldNode)]
        field = ".".join(names) or "query"
        self.report_error(GraphQLError(f"{field} {problem}; remove it and send the request again",
                                       nodes=[node],
                                       extensions={"code": "INVALID_INPUT", "field": field}))


def document_limits() -> AddValidationRules:
    """The document rules as a strawberry extension (a new one per schema)."""
    return AddValidationRules([DocumentLimits])
