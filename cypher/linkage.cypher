// Record linkage: identifiers, the candidates an arriving person is matched against, the
// SAME_PERSON links and the review queue (hub/services/identifiers.py, matching.py,
// linking.py). Links and reviews belong to no agency (owner "hub", category "linkage",
// a scope no caller holds): every statement here that shows one to a caller matches both
// records with the caller's scopes, and the service then loads both through the caller's
// own loaders (consent included) before anything is shown.

// ---------------------------------------------------------------- identifiers

// name: record_identifier
// mode: write
MATCH (p:Person {id: $person_id})
WHERE (p.owner + ':' + p.category) IN $scopes
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH p, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Identifier)
SET n = $props
CREATE (p)-[r:HAS_IDENTIFIER]->(n)
SET r = $rel
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: identifier_held
// The same identifier this agency already recorded for this person, if the caller sees it.
MATCH (p:Person {id: $person_id})-[r:HAS_IDENTIFIER]->(n:Identifier {value: $value})
WHERE n.scheme = $scheme AND n.owner = $owner
  AND n.scope IN $scopes AND r.scope IN $scopes
RETURN n LIMIT 1

// name: people_by_identifier
// Exact search: the people holding this identifier where the caller may see the identifier
// and its link (the service then loads each person through the caller's loaders).
MATCH (n:Identifier {value: $value})<-[r:HAS_IDENTIFIER]-(p:Person)
WHERE n.scheme = $scheme
  AND n.scope IN $scopes AND r.scope IN $scopes
  AND p.scope IN $scopes
RETURN DISTINCT p.id AS id
LIMIT $limit

// ---------------------------------------------------------------- matching an arrival

// name: linkage_candidates
// People found by the model's blocking keys: the same date of birth, the same name (any
// short form of the given name, or given and family transposed), or born the same year
// with the same given name (any form) or the same family name. Run with every agency's
// scopes (matching sees what the hub holds); the service shows a caller only the
// candidates their own loaders return.
MATCH (p:Person)
WHERE p.dob = $dob AND p.scope IN $scopes
RETURN p LIMIT $limit
UNION
MATCH (p:Person)
WHERE p.name_lc IN $names AND p.scope IN $scopes
RETURN p LIMIT $limit
UNION
MATCH (p:Person)
WHERE p.dob >= $year_from AND p.dob <= $year_to AND p.scope IN $scopes
  AND (any(x IN $prefixes WHERE p.name_lc STARTS WITH x) OR p.name_lc ENDS WITH $suffix)
RETURN p LIMIT $limit

// name: linkage_identifier_holders
// People holding any of these identifiers (scheme:value keys), with whose the identifier is.
UNWIND $keys AS key
MATCH (n:Identifier {value: key.value})<-[r:HAS_IDENTIFIER]-(p:Person)
WHERE n.scheme = key.scheme
  AND n.scope IN $scopes AND r.scope IN $scopes
  AND p.scope IN $scopes
RETURN p, n.scheme AS scheme, n.value AS value, n.scope AS scope, r.scope AS link_scope

// name: linkage_identifiers_of
// Every identifier of these people, with whose it is (for the decision's identifier rules).
// The WITH keeps the id lookup first (as in cypher/records.cypher): a label on the far end
// in the MATCH lets FalkorDB's planner start from a scan of every such node instead.
UNWIND $ids AS id
MATCH (p:Entity {id: id})-[r:HAS_IDENTIFIER]->(n)
WITH p, r, n
WHERE n:Identifier AND n.scope IN $scopes AND r.scope IN $scopes
RETURN p.id AS person, n.scheme AS scheme, n.value AS value, n.scope AS scope,
       r.scope AS link_scope

// name: linkage_pair_states
// Which of the arrival's candidates are already linked to it, or whose pair with it was
// already reviewed or queued: one trip for every candidate, each walked from the arrival.
MATCH (a:Person {id: $a})
UNWIND $others AS other
MATCH (b:Person {id: other})
OPTIONAL MATCH (a)-[s:SAME_PERSON]-(b)
OPTIONAL MATCH (a)<-[:REVIEW_OF]-(m:MatchReview)-[:REVIEW_OF]->(b)
WITH b, count(DISTINCT s) + count(DISTINCT m) AS known
WHERE known > 0
RETURN b.id AS other

// ---------------------------------------------------------------- links and reviews

// name: link_same_person
// mode: write
// A link between two records; neither record changes (ownership is never merged). Written
// only if both records are still there and neither link nor a decision on the pair exists.
MATCH (a:Person {id: $a})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Person {id: $b})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[s:SAME_PERSON]-(b)
WITH a, b, count(s) AS links
WHERE links = 0
CREATE (a)-[n:SAME_PERSON]->(b)
SET n = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: queue_match_review
// mode: write
MATCH (a:Person {id: $a})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Person {id: $b})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[s:SAME_PERSON]-(b)
OPTIONAL MATCH (a)<-[:REVIEW_OF]-(m:MatchReview)-[:REVIEW_OF]->(b)
WITH a, b, count(DISTINCT s) + count(DISTINCT m) AS known
WHERE known = 0
CREATE (n:MatchReview)
SET n = $props
CREATE (n)-[ra:REVIEW_OF]->(a)
SET ra = $rel
CREATE (n)-[rb:REVIEW_OF]->(b)
SET rb = $rel
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: match_review
// One review item with both its records, if the caller may see both.
MATCH (a:Person)<-[:REVIEW_OF]-(n:MatchReview {id: $id})-[:REVIEW_OF]->(b:Person)
WHERE a.id = n.left AND b.id = n.right
  AND a.scope IN $scopes AND b.scope IN $scopes
RETURN n, a.id AS left, b.id AS right LIMIT 1

// name: match_reviews
// The review queue: items in this status whose two records the caller may both see,
// strongest first.
MATCH (n:MatchReview {status: $status})-[:REVIEW_OF]->(a:Person)
WHERE a.id = n.left AND a.scope IN $scopes
MATCH (n)-[:REVIEW_OF]->(b:Person)
WHERE b.id = n.right AND b.scope IN $scopes
RETURN n, a.id AS left, b.id AS right
ORDER BY n.match_weight DESC, n.id
SKIP $offset LIMIT $limit

// name: decide_match_review
// mode: write
// Confirm or reject an open review item, guarded by its status: two reviewers deciding
// the same item cannot both land. Confirming links the two records in the same statement.
MATCH (a:Person)<-[:REVIEW_OF]-(n:MatchReview {id: $id})-[:REVIEW_OF]->(b:Person)
WHERE n.status = 'open' AND a.id = n.left AND b.id = n.right
  AND (a.owner + ':' + a.category) IN $scopes AND (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[s:SAME_PERSON]-(b)
WITH a, b, n, count(s) AS links
SET n += $decision
FOREACH (x IN CASE WHEN $link IS NOT NULL AND links = 0 THEN [1] ELSE [] END |
  CREATE (a)-[l:SAME_PERSON]->(b)
  SET l = $link)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: same_person_link
// One link with both its records, if the caller may see both.
MATCH (a:Person)-[n:SAME_PERSON {id: $id}]->(b:Person)
WHERE a.scope IN $scopes AND b.scope IN $scopes
RETURN n, a.id AS left, b.id AS right LIMIT 1

// name: unlink_same_person
// mode: write
// Remove a link and keep the pair apart: a decided review item (status "unlinked", with
// who, when and why) stops matching from linking or queueing the pair again.
MATCH (a:Person)-[s:SAME_PERSON {id: $id}]->(b:Person)
WHERE (a.owner + ':' + a.category) IN $scopes AND (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)<-[:REVIEW_OF]-(m:MatchReview)-[:REVIEW_OF]->(b)
WITH a, b, s, collect(m) AS earlier
DELETE s
FOREACH (x IN earlier | SET x += $decision)
FOREACH (x IN CASE WHEN size(earlier) = 0 THEN [1] ELSE [] END |
  CREATE (n:MatchReview)
  SET n = $props
  CREATE (n)-[ra:REVIEW_OF]->(a)
  SET ra = $rel
  CREATE (n)-[rb:REVIEW_OF]->(b)
  SET rb = $rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN {id: $id, left: a.id, right: b.id} AS n

// name: same_person_neighbours
// The records linked to these ones, with the link (run with every scope: the service
// walks on only through records the caller may see, so no path leads through a hidden one).
UNWIND $ids AS id
MATCH (p:Entity {id: id})-[s:SAME_PERSON]-(o)
WITH id, s, o
WHERE o:Person AND o.scope IN $scopes
RETURN id AS from, o.id AS to, s AS link

// name: linkage_kept_apart
// How many pairs between these two sets of records a person decided are different people
// (a rejected review, or an unlink): a link that would join them through a third record
// is not made.
UNWIND $left AS one
MATCH (a:Entity {id: one})<-[:REVIEW_OF]-(m)-[:REVIEW_OF]->(b)
WITH m, b
WHERE m:MatchReview AND b.id IN $right AND m.status IN ['rejected', 'unlinked']
RETURN count(m) AS n

// name: bench_children_sample
// bench/arrival.py: children held, to make arrivals from (every record: a benchmark's own store).
MATCH (p:Child)
WHERE p.given_name IS NOT NULL AND p.family_name IS NOT NULL
RETURN p ORDER BY p.id LIMIT $limit

// name: bench_people_count
// bench/arrival.py: how many people the benchmark's store holds.
MATCH (p:Person)
RETURN count(p) AS n
