// Information sharing agreements, maintained by information governance leads.
// Each change is one statement; the service audits it with what it was before and after.

// name: agreement_by_id
MATCH (a:Agreement {id: $id})
OPTIONAL MATCH (a)-[:GRANTS]->(g:Grant)
WITH a, collect(g) AS grants
OPTIONAL MATCH (p:Agency)-[:PARTY_TO]->(a)
RETURN a, grants, collect(p.code) AS parties

// name: create_agreement
// mode: write
OPTIONAL MATCH (ag:Agency) WHERE ag.code IN $parties
WITH collect(ag) AS agencies
WHERE size(agencies) = size($parties)
CREATE (a:Entity:Agreement)
SET a = $props
FOREACH (ag IN agencies |
  CREATE (ag)-[p:PARTY_TO]->(a)
  SET p = [x IN $party_rels WHERE x.code = ag.code][0].props)
FOREACH (g IN $grants |
  CREATE (gr:Entity:Grant)
  SET gr = g.props
  CREATE (a)-[x:GRANTS]->(gr)
  SET x = g.rel)
RETURN a

// name: revise_agreement
// mode: write
// A new version in place: the grants and parties are replaced, the version goes up by one,
// and only if nobody else revised it since the caller read it ($version).
MATCH (a:Agreement {id: $id})
WHERE a.version = $version
OPTIONAL MATCH (ag:Agency) WHERE ag.code IN $parties
WITH a, collect(ag) AS agencies
WHERE size(agencies) = size($parties)
OPTIONAL MATCH (a)-[:GRANTS]->(old:Grant)
WITH a, agencies, collect(old) AS olds
FOREACH (o IN olds | DETACH DELETE o)
WITH a, agencies
OPTIONAL MATCH (a)<-[pt:PARTY_TO]-(:Agency)
WITH a, agencies, collect(pt) AS links
FOREACH (l IN links | DELETE l)
SET a += $props, a.version = $version + 1
FOREACH (ag IN agencies |
  CREATE (ag)-[p:PARTY_TO]->(a)
  SET p = [x IN $party_rels WHERE x.code = ag.code][0].props)
FOREACH (g IN $grants |
  CREATE (gr:Entity:Grant)
  SET gr = g.props
  CREATE (a)-[x:GRANTS]->(gr)
  SET x = g.rel)
RETURN a

// name: propose_agreement_change
// mode: write
// A change that waits for other parties' approval: the terms in force stay as they are,
// the proposal is held on the agreement ($pending), and the version goes up by one so an
// approval names the proposal it read.
MATCH (a:Agreement {id: $id})
WHERE a.version = $version
SET a += $pending, a.version = $version + 1
RETURN a

// name: approve_agreement_in_part
// mode: write
// One party approved; others are still awaited.
MATCH (a:Agreement {id: $id})
WHERE a.version = $version AND a.pending_terms IS NOT NULL
SET a.pending_awaiting = $awaiting, a.version = $version + 1
RETURN a

// name: agreements_pending
// Agreements holding a proposed change, for the IG leads of the parties.
MATCH (a:Agreement)
WHERE a.pending_terms IS NOT NULL
OPTIONAL MATCH (a)-[:GRANTS]->(g:Grant)
WITH a, collect(g) AS grants
OPTIONAL MATCH (p:Agency)-[:PARTY_TO]->(a)
RETURN a, grants, collect(p.code) AS parties
ORDER BY a.pending_at, a.id
