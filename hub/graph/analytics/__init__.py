"""Contextual safeguarding analytics as plain functions over the subgraph a caller may see.

They know nothing of the store or GraphQL: the service projects what the caller may see
into the dict shapes of `shapes`, so a link the caller may not see is absent here and
cannot shape a path, a group or a score.
"""

from hub.graph.analytics.cohort import (
    COUNTY_POPULATION_SHARES,
    Breakdown,
    DimensionBreakdown,
    ShareRow,
    age_band,
    cohort_breakdown,
)
from hub.graph.analytics.cooffending import Cluster, clusters, co_offending_network
from hub.graph.analytics.graphs import build_graph, link_kinds, specific_kind
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.lines import (
    Broker,
    ChildOnLine,
    LineMember,
    LineNetwork,
    LineTie,
    MonthMembership,
    children_linked_to_lines,
    cross_line_brokers,
    line_network,
)
from hub.graph.analytics.missing import (
    DEFAULT_TRIGGERS,
    EpisodeSummary,
    FiredTrigger,
    FoundPlace,
    MissingPair,
    MissingProfile,
    RepeatMissing,
    RhiPerformance,
    Tally,
    child_missing_profile,
    missing_together,
    recurring_found_places,
    repeat_missing,
    rhi_performance,
)
from hub.graph.analytics.networks import (
    AdultInNetwork,
    AgeGap,
    Bridge,
    Community,
    PeerNetworkMetrics,
    Tie,
    ego_network,
    peer_network_metrics,
)
from hub.graph.analytics.paths import Hop, Route, shortest_routes
from hub.graph.analytics.shapes import (
    EpisodeRow,
    IncidentRow,
    InterviewRow,
    LinkDict,
    NodeDict,
    ParticipationRow,
    PersonRow,
    Window,
)

__all__ = [
    "COUNTY_POPULATION_SHARES", "DEFAULT_LIMITS", "DEFAULT_TRIGGERS", "AdultInNetwork",
    "AgeGap", "AnalysisLimits", "AnalysisTooLarge", "Breakdown", "Bridge", "Broker",
    "ChildOnLine", "Cluster", "Community", "DimensionBreakdown", "EpisodeRow",
    "EpisodeSummary", "FiredTrigger", "FoundPlace", "Hop", "IncidentRow", "InterviewRow",
    "LineMember", "LineNetwork", "LineTie", "LinkDict", "MissingPair", "MissingProfile",
    "MonthMembership", "NodeDict", "ParticipationRow", "PeerNetworkMetrics", "PersonRow",
    "RepeatMissing", "RhiPerformance", "Route", "ShareRow", "Tally", "Tie", "Window",
    "age_band", "build_graph", "child_missing_profile", "children_linked_to_lines",
    "clusters", "co_offending_network", "cohort_breakdown", "cross_line_brokers",
    "ego_network", "line_network", "link_kinds", "missing_together", "peer_network_metrics",
    "recurring_found_places", "repeat_missing", "rhi_performance", "shortest_routes",
    "specific_kind",
]
