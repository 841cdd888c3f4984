// Bulk feeds (hub/ingest): each row of `$rows` is one record the recording service has already
// planned (checked, references visible), with `line` (where it came from in the partner's
// file) and `client_ref` (the partner's own reference). Each statement writes a whole batch
// or nothing, skips a row whose client_ref this owner already saved (so a re-run, or a run
// resumed after a crash, writes nothing twice) and skips a row any of whose references no
// longer matches, as the single-record statements in recording.cypher do. It returns the
// lines it wrote; the importer accounts for the rest. The provenance every record and link
// of a batch shares (owner, source, recorded_at, recorded_by) comes once, as `$common`, and
// each record takes the run it came in, `$run`.

// name: ingest_existing
UNWIND $refs AS ref
MATCH (n:Entity {client_ref: ref})
WHERE n.owner = $owner
RETURN ref, n

// name: ingest_resolve_ids
// What a plan checks of a record it names is that it is visible and of the right kind:
// the id and labels, no more (a batch names thousands).
UNWIND $keys AS k
MATCH (n:Entity {id: k.id})
WHERE n.scope IN $scopes
RETURN k.key AS key, n.id AS id, labels(n) AS labels, n.owner AS owner

// name: ingest_resolve_refs
UNWIND $keys AS k
MATCH (n:Entity {client_ref: k.ref})
WHERE n.source = k.source AND n.scope IN $scopes
RETURN k.key AS key, n.id AS id, labels(n) AS labels, n.owner AS owner

// name: ingest_record_child
// mode: write
UNWIND $rows AS r
OPTIONAL MATCH (dup:Entity {client_ref: r.client_ref})
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
CREATE (n:Entity:Person:Child)
SET n = r.props, n += $common, n.import_run = $run
RETURN r.line AS line, n.id AS id

// name: ingest_record_adult
// mode: write
UNWIND $rows AS r
OPTIONAL MATCH (dup:Entity {client_ref: r.client_ref})
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
CREATE (n:Entity:Person:Adult)
SET n = r.props, n += $common, n.import_run = $run
RETURN r.line AS line, n.id AS id

// name: ingest_record_incident
// mode: write
UNWIND $rows AS r
OPTIONAL MATCH (dup:Entity {client_ref: r.client_ref})
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
// An occurrence with nobody named (found at a place) keeps its row through the UNWIND.
UNWIND CASE WHEN size(r.participants) = 0 THEN [null] ELSE r.participants END AS x
OPTIONAL MATCH (p:Person {id: x.person_id})
WHERE p.scope IN $scopes
WITH r.line AS line, head(collect(r)) AS r, collect(p) AS people
WHERE size(people) = size(r.participants)
OPTIONAL MATCH (pl:Place {id: r.place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH line, r, people, pl
WHERE r.place_id IS NULL OR pl IS NOT NULL
CREATE (n:Entity:Incident)
SET n = r.props, n += $common, n.import_run = $run
FOREACH (p IN people |
  CREATE (p)-[rel:INVOLVED_IN]->(n)
  SET rel = [x IN r.participants WHERE x.person_id = p.id][0].rel, rel += $common)
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (n)-[o:OCCURRED_AT]->(place)
  SET o = r.place_rel, o += $common)
RETURN line, n.id AS id

// name: ingest_report_missing
// mode: write
UNWIND $rows AS r
OPTIONAL MATCH (dup:Entity {client_ref: r.client_ref})
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
MATCH (c:Child {id: r.child_id})
WHERE (c.owner + ':' + c.category) IN $scopes
OPTIONAL MATCH (pl:Place {id: r.place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH r, c, pl
WHERE r.place_id IS NULL OR pl IS NOT NULL
CREATE (n:Entity:MissingEpisode)
SET n = r.props, n += $common, n.import_run = $run
CREATE (c)-[w:WENT_MISSING]->(n)
SET w = r.went_rel, w += $common
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (n)-[m:MISSING_FROM]->(place)
  SET m = r.place_rel, m += $common)
RETURN r.line AS line, n.id AS id

// name: ingest_close_missing_episode
// mode: write
UNWIND $rows AS r
MATCH (e:MissingEpisode {id: r.episode_id})
WHERE (e.owner + ':' + e.category) IN $scopes
  AND e.status = 'open' AND e.found_at_time IS NULL
  AND coalesce(e.reported_at, '') = coalesce(r.reported_at, '')
OPTIONAL MATCH (pl:Place {id: r.place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH r, e, pl
WHERE r.place_id IS NULL OR pl IS NOT NULL
UNWIND CASE WHEN size(r.person_ids) = 0 THEN [null] ELSE r.person_ids END AS pid
OPTIONAL MATCH (p:Person {id: pid})
WHERE (p.owner + ':' + p.category) IN $scopes
WITH e, head(collect(r)) AS r, head(collect(pl)) AS pl, collect(p) AS people
WHERE size(people) = size(r.person_ids)
SET e.found_at_time = r.found_at_time, e.status = 'closed', e.duration_hours = r.duration_hours,
    e.updated_at = r.now, e.updated_by = r.actor
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (e)-[f:FOUND_AT]->(place)
  SET f = r.place_rel, f += $common)
FOREACH (p IN people |
  CREATE (e)-[w:FOUND_WITH]->(p)
  SET w = [x IN r.found_with WHERE x.person_id = p.id][0].rel, w += $common)
RETURN r.line AS line, e.id AS id

// name: ingest_record_flag
// mode: write
UNWIND $rows AS r
OPTIONAL MATCH (dup:Entity {client_ref: r.client_ref})
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
MATCH (p:Person {id: r.person_id})
WHERE p.scope IN $scopes
CREATE (n:Entity:Flag)
SET n = r.props, n += $common, n.import_run = $run
CREATE (p)-[h:HAS_FLAG]->(n)
SET h = r.rel, h += $common
RETURN r.line AS line, n.id AS id

// name: ingest_link_attends
// mode: write
// A pupil on a school's roll is a link record: the partner's reference is on the link.
UNWIND $rows AS r
OPTIONAL MATCH ()-[dup:ATTENDS {client_ref: r.client_ref}]->()
WHERE dup.owner = $owner
WITH r, dup
WHERE dup IS NULL
MATCH (a:Child {id: r.from_id})
WHERE a.scope IN $scopes
MATCH (b:School {id: r.to_id})
WHERE b.scope IN $scopes
CREATE (a)-[l:ATTENDS]->(b)
SET l = r.props, l += $common
RETURN r.line AS line, l.id AS id

// name: ingest_existing_rolls
UNWIND $refs AS ref
MATCH ()-[l:ATTENDS {client_ref: ref}]->()
WHERE l.owner = $owner
RETURN ref, l AS n

// name: ingest_correct_rolls
// mode: write
UNWIND $rows AS r
MATCH ()-[l:ATTENDS {id: r.id}]->()
WHERE l.owner = $owner
SET l += r.changes, l.updated_at = $now, l.updated_by = $actor
RETURN r.line AS line, l.id AS id

// name: ingest_correct
// mode: write
// A partner re-sent a record with some fields changed: those fields, on the owner's record.
UNWIND $rows AS r
MATCH (n:Entity {id: r.id})
WHERE n.owner = $owner
SET n += r.changes, n.updated_at = $now, n.updated_by = $actor
RETURN r.line AS line, n.id AS id

// name: ingest_compare_nodes
// Every record, for comparing a graph loaded by import with the seed's (seed/extracts.py).
MATCH (n:Entity)
RETURN n SKIP $skip LIMIT $limit

// name: ingest_compare_links
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS a, r, b.id AS b SKIP $skip LIMIT $limit
