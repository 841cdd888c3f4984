// Generic reads that every entity type shares: by id, and along one relationship type.
// Every node and relationship is filtered by the caller's scopes ("owner:category").
//
// Consent, the one rule of hub.auth.policy.consent_allows: a record of a consent-based
// service ($consent_owners) about a person (its category not in $consent_exempt) is shown
// to others only when
//   - its scope is in $consent_free (an agreement relied on has a safeguarding-without-
//     consent legal basis; all of the service's scopes for the service itself), or
//   - consent is recorded ('given', or 'safeguarding_override' with its reason): its own,
//     or, when it records none, that of the record it FOLLOWS; and no record it follows is
//     held back for want of consent.
// No consent recorded is not consent.

// name: entities_by_ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.scope IN $scopes
WITH id, n,
  CASE WHEN n.owner IN $consent_owners THEN [(n)-[:FOLLOWS]->(x) | x] ELSE [] END AS follows
WHERE NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
  OR (n.owner + ':' + n.category) IN $consent_free
  OR (all(f IN follows
          WHERE NOT f.owner IN $consent_owners OR f.category IN $consent_exempt
             OR (f.owner + ':' + f.category) IN $consent_free OR f.consent = 'given'
             OR (f.consent = 'safeguarding_override'
                 AND trim(coalesce(f.consent_reason, '')) <> ''))
      AND any(c IN [CASE WHEN n.consent IS NULL THEN head(follows) ELSE n END]
              WHERE c.consent = 'given'
                 OR (c.consent = 'safeguarding_override'
                     AND trim(coalesce(c.consent_reason, '')) <> '')))
RETURN id, n

// name: links_out
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]->(o)
// The WITH keeps the id lookup first: a filter on `o` in the MATCH lets FalkorDB's
// planner start from a scan of every node instead.
WITH id, r, o
WHERE type(r) = $type
  AND ($label IS NULL OR $label IN labels(o))
  AND (r.owner + ':' + r.category) IN $scopes
  AND o.scope IN $scopes
WITH id, r, o,
  CASE WHEN o.owner IN $consent_owners THEN [(o)-[:FOLLOWS]->(x) | x] ELSE [] END AS follows
WHERE NOT o.owner IN $consent_owners OR o.category IN $consent_exempt
  OR (o.owner + ':' + o.category) IN $consent_free
  OR (all(f IN follows
          WHERE NOT f.owner IN $consent_owners OR f.category IN $consent_exempt
             OR (f.owner + ':' + f.category) IN $consent_free OR f.consent = 'given'
             OR (f.consent = 'safeguarding_override'
                 AND trim(coalesce(f.consent_reason, '')) <> ''))
      AND any(c IN [CASE WHEN o.consent IS NULL THEN head(follows) ELSE o END]
              WHERE c.consent = 'given'
                 OR (c.consent = 'safeguarding_override'
                     AND trim(coalesce(c.consent_reason, '')) <> '')))
RETURN id, r, o

// name: links_in
UNWIND $ids AS id
MATCH (n:Entity {id: id})<-[r]-(o)
// The WITH keeps the id lookup first: a filter on `o` in the MATCH lets FalkorDB's
// planner start from a scan of every node instead.
WITH id, r, o
WHERE type(r) = $type
  AND ($label IS NULL OR $label IN labels(o))
  AND (r.owner + ':' + r.category) IN $scopes
  AND o.scope IN $scopes
WITH id, r, o,
  CASE WHEN o.owner IN $consent_owners THEN [(o)-[:FOLLOWS]->(x) | x] ELSE [] END AS follows
WHERE NOT o.owner IN $consent_owners OR o.category IN $consent_exempt
  OR (o.owner + ':' + o.category) IN $consent_free
  OR (all(f IN follows
          WHERE NOT f.owner IN $consent_owners OR f.category IN $consent_exempt
             OR (f.owner + ':' + f.category) IN $consent_free OR f.consent = 'given'
             OR (f.consent = 'safeguarding_override'
                 AND trim(coalesce(f.consent_reason, '')) <> ''))
      AND any(c IN [CASE WHEN o.consent IS NULL THEN head(follows) ELSE o END]
              WHERE c.consent = 'given'
                 OR (c.consent = 'safeguarding_override'
                     AND trim(coalesce(c.consent_reason, '')) <> '')))
RETURN id, r, o

// name: existence_for_people
// Which agencies hold records of which categories about these people, for categories the
// caller may know exist but not read (existence only): owner and category, nothing else.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r]-(o:Entity)
WITH id, [[r.owner, r.category], [o.owner, o.category]] AS pairs
UNWIND pairs AS pair
WITH id, pair
WHERE (pair[0] + ':' + pair[1]) IN $existence
RETURN DISTINCT id, pair[0] AS agency, pair[1] AS category

// name: people_concerned
// The people each record names or concerns, for the audit entry of a request that showed
// the record: not filtered by scope, and never returned to the caller. A flag, referral,
// episode, support, outcome, incident or decision leads straight to its people; an
// interview through its episode, an action through its decision.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[r]-(p:Person)
WHERE type(r) IN ['HAS_FLAG', 'REFERRAL_FOR', 'WENT_MISSING', 'FOUND_WITH', 'INTERVENTION_FOR',
                  'OUTCOME_FOR', 'INVOLVED_IN', 'CONCERNS']
WITH n, collect(DISTINCT p.id) AS direct
OPTIONAL MATCH (n)-[r1]-(m)-[r2]-(q:Person)
WHERE type(r1) IN ['HAS_INTERVIEW', 'HAS_ACTION'] AND type(r2) IN ['WENT_MISSING', 'CONCERNS']
// The WITH first: FalkorDB gives null for `direct + collect(...)` written in the RETURN.
WITH n, direct, collect(DISTINCT q.id) AS through
RETURN n.id AS id, direct + through AS people

// name: owners_of
// Which agency holds each record, to decide which audit entries an auditor may read:
// not filtered by scope, and never returned to the caller.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.owner AS owner
