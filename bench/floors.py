"""The two floors the hub is measured against, as ASGI apps on the hub's own dependencies.

- `raw_app`: a starlette endpoint that runs the hand-written child-profile Cypher (with
  the sharing filter) on the same store through the same client (falkordb + redis +
  hiredis) and returns its rows as JSON. No token check, no GraphQL, no audit.
- `bare_app`: strawberry on the same stack with a resolver that answers from memory:
  what GraphQL itself costs, with no store at all.

Both are started by `bench/api.py` with uvicorn (`--factory`), reading BENCH_STORE_PORT
and BENCH_SCOPES from the environment.
"""

from __future__ import annotations

import os
from typing import Any

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from hub.graph.falkordb_store import plain

PROFILE = """
MATCH (p:Person {id: $id}) WHERE p.scope IN $scopes
OPTIONAL MATCH (p)-[r1:FAMILY_OF]-(f:Person)
WITH p, collect({kind: r1.kind, name: f.given_name + ' ' + f.family_name}) AS family
OPTIONAL MATCH (p)-[r2:ASSOCIATED_WITH]-(q:Person)
WITH p, family, collect({context: r2.context, strength: r2.strength,
                         name: q.given_name + ' ' + q.family_name}) AS peers
OPTIONAL MATCH (p)-[r3:INVOLVED_IN]->(i:Incident)
WITH p, family, peers, collect({role: r3.role, type: i.type, at: i.occurred_at}) AS incidents
OPTIONAL MATCH (p)-[:WENT_MISSING]->(e:MissingEpisode)
OPTIONAL MATCH (e)-[:FOUND_AT]->(fa:Place)
RETURN p.given_name + ' ' + p.family_name AS name, p.dob AS dob, family, peers, incidents,
       collect({reported: e.reported_at, found: fa.name}) AS episodes"""


def raw_app() -> Starlette:
    from falkordb.asyncio import FalkorDB
    from redis.asyncio import BlockingConnectionPool

    pool = BlockingConnectionPool(host="127.0.0.1", port=int(os.environ["BENCH_STORE_PORT"]),
                                  max_connections=64, timeout=30)
    graph = FalkorDB(connection_pool=pool).select_graph("hub")
    scopes = os.environ["BENCH_SCOPES"].split(",")

    async def profile(request: Request) -> Response:
        body = await request.json()
        result = await graph.ro_query(PROFILE, {"id": body["id"], "scopes": scopes})
        names = [h[1].decode() if isinstance(h[1], bytes) else str(h[1]) for h in result.header]
        return JSONResponse({"data": [dict(zip(names, plain(row), strict=True))
                                      for row in result.result_set]})

    return Starlette(routes=[Route("/profile", profile, methods=["POST"])])


@strawberry.type
class Named:
    name: str


@strawberry.type
class Peer:
    context: str
    strength: int
    person: Named


@strawberry.type
class Child:
    name: str
    dob: str
    peers: list[Peer]


@strawberry.type
class Query:
    @strawberry.field
    def child(self, id: strawberry.ID) -> Child:
        return Child(name="Ada Quillfeather", dob="2011-04-02",
                     peers=[Peer(context="school", strength=2, person=Named(name=f"Peer {i}"))
                            for i in range(8)])


BARE_QUERY = """query Bare($id: ID!) { child(id: $id) { name dob
  peers { context strength person { name } } } }"""


def bare_app() -> Any:
    schema = strawberry.Schema(query=Query, extensions=[ParserCache, ValidationCache])
    return Starlette(routes=[Route("/graphql", GraphQL(schema), methods=["POST"])])
