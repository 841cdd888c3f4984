// Housekeeping statements used by the CLI, readiness and tests.

// name: ping
RETURN 1 AS ok

// name: count_entities
MATCH (n:Entity) RETURN count(n) AS nodes

// name: count_relationships
MATCH ()-[r]->() RETURN count(r) AS relationships

// name: count_by_label
MATCH (n:Entity)
UNWIND labels(n) AS label
WITH label, count(*) AS n
WHERE label <> 'Entity'
RETURN label, n ORDER BY label

// name: count_by_rel_type
MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type

// name: entity_by_id
MATCH (n:Entity {id: $id}) RETURN n

// name: put_probe
// mode: write
MERGE (n:Entity:Probe {id: $id}) SET n.value = $value, n.owner = 'hub', n.category = 'reference',
  n.scope = 'hub:reference'
RETURN n.id AS id, n.value AS value

// name: get_probe
MATCH (n:Probe {id: $id}) RETURN n.value AS value

// name: agreements_with_grants
MATCH (a:Agreement)
OPTIONAL MATCH (a)-[:GRANTS]->(g:Grant)
WITH a, collect(g) AS grants
OPTIONAL MATCH (p:Agency)-[:PARTY_TO]->(a)
RETURN a, grants, collect(p.code) AS parties

// name: person_exists
MATCH (p:Person {id: $id}) RETURN p.id AS id

// name: put_probe_assessments
// mode: write
UNWIND $rows AS row
MERGE (n:Entity:ContextAssessment {id: row.id})
SET n.owner = 'probe', n.category = 'ordering', n.scope = 'probe:ordering',
    n.assessed_at = row.assessed_at
RETURN count(n) AS written

// name: drop_probe_records
// mode: write
MATCH (n:Entity) WHERE n.owner = 'probe'
DETACH DELETE n

// name: stamp_scopes
// mode: write
// Nodes written before `scope` was stored get it here, at start, a batch at a time; until
// then they are hidden from every read, never shown too widely. (Relationships are read
// only next to a node found by id, so they keep the owner + ':' + category form.)
MATCH (n:Entity) WHERE n.scope IS NULL AND n.owner IS NOT NULL AND n.category IS NOT NULL
WITH n LIMIT $batch
SET n.scope = n.owner + ':' + n.category
RETURN count(n) AS n

// name: unscoped_records
// Nodes whose stored scope is missing or differs from owner:category.
MATCH (n:Entity) WHERE n.scope IS NULL OR n.scope <> n.owner + ':' + n.category
RETURN count(n) AS n
