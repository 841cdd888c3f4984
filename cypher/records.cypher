// Generic reads that every entity type shares: by id, and along one relationship type.
// Every node and relationship is filtered by the caller's scopes ("owner:category").

// name: entities_by_ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE (n.owner + ':' + n.category) IN $scopes
RETURN id, n

// name: links_out
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]->(o:Entity)
WHERE type(r) = $type
  AND ($label IS NULL OR $label IN labels(o))
  AND (r.owner + ':' + r.category) IN $scopes
  AND (o.owner + ':' + o.category) IN $scopes
RETURN id, r, o

// name: links_in
UNWIND $ids AS id
MATCH (n:Entity {id: id})<-[r]-(o:Entity)
WHERE type(r) = $type
  AND ($label IS NULL OR $label IN labels(o))
  AND (r.owner + ':' + r.category) IN $scopes
  AND (o.owner + ':' + o.category) IN $scopes
RETURN id, r, o
