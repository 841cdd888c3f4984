"""The analyses' services: each projects what the caller may see and runs one analysis.

Each analysis projects the visible subgraph it needs with the statements in
`cypher/analytics.cypher` (every node and relationship filtered by the caller's scopes,
intermediate records included) and hands the result to the pure functions of
`hub.graph.analytics`. A link the caller may not see is never fetched, so it cannot carry
a route, hold a group together, or add to a count or a score. Every person an answer
names is added to `ctx.disclosed`, so the request's audit entry names them, and every
analysis needs a justification, as reading a person's record does.
"""

from hub.services.analytics.common import KIND_BY_LABEL, TYPE_BY_KIND, justified, node_of
from hub.services.analytics.contexts import (
    ContextEvent,
    ContextProfile,
    MonthCount,
    Tied,
    context_profile,
)
from hub.services.analytics.groups import confirm_peer_group
from hub.services.analytics.lines import (
    LineProfile,
    LinesOverview,
    LineSummary,
    line_profile,
    lines_overview,
)
from hub.services.analytics.lookups import Lookup, Member, TiedLine, area_lookup, phone_lookup
from hub.services.analytics.missing import (
    ChildMissing,
    MissingSummary,
    missing_profile,
    missing_summary,
)
from hub.services.analytics.networks import (
    CONTEXT_CAP,
    DEFAULT_PEER_KINDS,
    PEER_KINDS,
    PeerNetwork,
    peer_network,
)
from hub.services.analytics.offending import CoOffending, CoOffendingLink, co_offending
from hub.services.analytics.panels import (
    AgendaItem,
    Cohort,
    PanelAction,
    PanelView,
    cohort,
    panel_view,
)
from hub.services.analytics.routes import ROUTE_TYPES, Connection, connection
from hub.services.analytics.trajectories import RiskTrajectory, risk_trajectory_of

__all__ = [
    "CONTEXT_CAP", "DEFAULT_PEER_KINDS", "KIND_BY_LABEL", "PEER_KINDS", "ROUTE_TYPES",
    "TYPE_BY_KIND", "AgendaItem", "ChildMissing", "CoOffending", "CoOffendingLink", "Cohort",
    "Connection", "ContextEvent", "ContextProfile", "LineProfile", "LineSummary",
    "LinesOverview", "Lookup", "Member", "TiedLine",
    "area_lookup", "phone_lookup", "RiskTrajectory", "risk_trajectory_of",
    "MissingSummary", "MonthCount", "PanelAction", "PanelView", "PeerNetwork", "Tied",
    "co_offending", "cohort", "confirm_peer_group", "connection", "context_profile",
    "justified", "line_profile", "lines_overview", "missing_profile", "missing_summary",
    "node_of", "panel_view", "peer_network",
]
