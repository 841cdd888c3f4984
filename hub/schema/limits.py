"""Query cost: a validation rule that refuses a query before any store is touched.

Depth, aliases and tokens have strawberry's own limiters; cost is ours. Every field
costs 1; a field taking `first` or `last` multiplies what is under it by that number
(or by the default page size when a connection is asked for without one), so a
query that would fan out to thousands of records is refused up front.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import AddValidationRules

from hub.schema.paging import DEFAULT_PAGE


def _multiplier(field: FieldNode, variables: dict[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value not in {"first", "last"}:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(1, int(value.value))
        if isinstance(value, VariableNode):
            bound = variables.get(value.name.value)
            return max(1, int(bound)) if isinstance(bound, int) else DEFAULT_PAGE
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


def cost_limiter(max_cost: int) -> AddValidationRules:
    """A strawberry extension that refuses operations costing more than `max_cost`."""

    class CostRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            fragments = {d.name.value: d for d in document.definitions
                         if isinstance(d, FragmentDefinitionNode)}
            variables = getattr(context, "variable_values", None) or {}
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    cost = selection_cost(definition.selection_set, fragments, variables)
                    if cost > max_cost:
                        name = definition.name.value if definition.name else "anonymous"
                        context.report_error(GraphQLError(
                            f"'{name}' would cost {cost}, over the limit of {max_cost}: "
                            "ask for smaller pages (first/last) or fewer nested lists"
                        ))

    return AddValidationRules([CostRule])
