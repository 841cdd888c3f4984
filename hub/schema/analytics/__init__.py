"""The analyses in GraphQL: one module of types and builders per analysis, and the roots."""

from hub.schema.analytics.networks import NetworkLinkKind
from hub.schema.analytics.roots import AnalyticsMutation, AnalyticsQuery

__all__ = ["AnalyticsMutation", "AnalyticsQuery", "NetworkLinkKind"]
