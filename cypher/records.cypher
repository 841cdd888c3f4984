// Generic reads that every entity type shares: by id, and along one relationship type.
// Every node and relationship is filtered by the caller's scopes ("owner:category").
// Records of the consent-based early intervention service (owner 'eis') are shown to
// others only with consent recorded (given, or a safeguarding override with its reason),
// or where every agreement relied on has a without-consent safeguarding basis
// ($consent_free: the eis scopes opened that way, and all eis scopes for eis itself).

// name: entities_by_ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.scope IN $scopes
  AND (n.owner <> 'eis' OR (n.owner + ':' + n.category) IN $consent_free
       OR coalesce(n.consent, 'given') = 'given'
       OR (n.consent = 'safeguarding_override' AND n.consent_reason IS NOT NULL))
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
  AND (o.owner <> 'eis' OR (o.owner + ':' + o.category) IN $consent_free
       OR coalesce(o.consent, 'given') = 'given'
       OR (o.consent = 'safeguarding_override' AND o.consent_reason IS NOT NULL))
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
  AND (o.owner <> 'eis' OR (o.owner + ':' + o.category) IN $consent_free
       OR coalesce(o.consent, 'given') = 'given'
       OR (o.consent = 'safeguarding_override' AND o.consent_reason IS NOT NULL))
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
