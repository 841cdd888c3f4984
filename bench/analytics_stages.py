"""The analyses' stages timed in process, side by side with the algorithms they replaced.

Run from `bench/analytics.py` on the store it benchmarked, with the scopes its caller had.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from bench.api import time_async, time_sync
from hub.auth.policy import Visibility
from hub.auth.principal import Principal
from hub.config import Settings
from hub.graph.analytics import build_graph, ego_network, missing_together, peer_network_metrics
from hub.graph.analytics.communities import stable_groups
from hub.graph.analytics.graphs import collapse, exact_betweenness, people_only
from hub.graph.runtime import open_store
from hub.graph.store import GraphStore
from hub.services import analytics
from hub.services.analytics.missing import _episodes
from hub.services.context import RequestContext
from hub.services.loaders import Loaders

Stage = tuple[str, list[float]]


def _caller(store: GraphStore, scopes: list[str]) -> RequestContext:
    seen = frozenset(scopes)
    return RequestContext(
        settings=Settings.from_env({"HUB_ENV": "test"}), store=store,
        access=Visibility(scopes=seen, existence_scopes=frozenset(), agreements=(),
                          purpose="mace", agency="police"),
        request_id="bench", loaders=Loaders(store, sorted(seen)),
        principal=Principal(subject="bench", agency="police", roles=frozenset({"analyst"}),
                            team=None, issuer="bench"),
        justification="benchmark: stages")


async def time_stages(data_dir: Path, scopes: list[str], params: dict[str, dict[str, Any]],
                      n: int) -> list[Stage]:
    handle = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                 "HUB_DATA_DIR": str(data_dir)}))
    store = handle.store
    stages: list[Stage] = []
    try:
        child = params["peer network, depth 3"]["id"]
        ctx = _caller(store, scopes)
        net = await analytics.peer_network(ctx, child, 3)
        stages.append(("peer network, whole service (projection and analysis)",
                       await time_async(lambda: analytics.peer_network(_caller(store, scopes),
                                                                   child, 3), n)))
        nodes, links = list(net.people.values()), list(net.links)

        def analyse() -> None:
            g = ego_network(build_graph(nodes, links), net.focus_id, 3)
            peer_network_metrics(g, net.focus_id, date.today())

        stages.append(("peer network, analysis alone (graph, groups, centralities)",
                       time_sync(analyse, n)))
        simple = collapse(people_only(build_graph(nodes, links)))
        stages.append(("betweenness, networkx (before)",
                       time_sync(lambda: nx.betweenness_centrality(simple), n)))
        stages.append(("betweenness, igraph (now)",
                       time_sync(lambda: exact_betweenness(simple), n)))
        stages.append(("groups, one networkx Louvain (before)", time_sync(
            lambda: nx.community.louvain_communities(simple, weight="weight", seed=1), n)))
        stages.append(("groups, 12-run igraph Leiden consensus (now)",
                       time_sync(lambda: stable_groups(simple, 1), n)))

        window = params["missing summary, 90 days"]
        since, until = window["since"], window["until"]
        stages.append(("missing summary, whole service", await time_async(
            lambda: analytics.missing_summary(_caller(store, scopes), since, until), n)))
        bounds = {"since": since, "until": f"{until}T23:59:59", "scopes": sorted(scopes),
                  **_caller(store, scopes).loaders.consent}
        stages.append(("missing summary, episodes statement", await time_async(
            lambda: store.run("analytics_episodes", bounds), n)))
        episodes, _ = _episodes(await store.run("analytics_episodes", bounds))
        now = datetime.now()
        stages.append(("pairing, every pair built, as the summary did",
                       time_sync(lambda: missing_together(episodes, now), n)))
        stages.append(("pairing, only the pairs a summary keeps (now)", time_sync(
            lambda: missing_together(episodes, now, min_total=2, first=50), n)))
    finally:
        await handle.close()
    return stages
