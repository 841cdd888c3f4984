// What partners record through the mutations. Each write is ONE statement: it matches every
// record it refers to (with the caller's scopes, as every read does), carries on only if all
// of them matched, skips the write when the same owner already saved this clientRef, and only
// then creates. A reference that vanished or became hidden since the service checked it
// therefore writes nothing, and a statement that fails at run time is rolled back whole.
// Properties arrive as whole maps built by hub/services/recording/ (provenance included).
// Every write also creates its change's audit entry, `$change`, as a PendingChange node in
// the same statement (see cypher/changes.cypher and hub/services/changes.py), so a write
// that landed always has its entry, whatever happens to the hub next.

// name: recording_by_client_ref
MATCH (n:Entity {client_ref: $client_ref, owner: $owner})
RETURN n LIMIT 1

// name: recording_link_by_client_ref
// A link record's clientRef is kept per start node: found from that node, by type.
MATCH (a:Entity {id: $from_id})-[r]->(b:Entity)
WHERE type(r) = $type AND r.owner = $owner AND r.client_ref = $client_ref
RETURN a, r, b LIMIT 1

// name: recording_interview_count
// The interviews of an episode that the caller may see: a refusal names no other.
MATCH (e:MissingEpisode {id: $episode_id})-[h:HAS_INTERVIEW]->(i:ReturnHomeInterview)
WHERE (i.owner + ':' + i.category) IN $scopes AND (h.owner + ':' + h.category) IN $scopes
RETURN count(i) AS n

// name: record_child
// mode: write
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH count(dup) AS dups
WHERE dups = 0
CREATE (p:Entity:Person:Child)
SET p = $props
FOREACH (x IN $identifiers |
  CREATE (p)-[r:HAS_IDENTIFIER]->(i:Entity:Identifier)
  SET i = x.props, r = x.rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN p AS n

// name: record_adult
// mode: write
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH count(dup) AS dups
WHERE dups = 0
CREATE (p:Entity:Person:Adult)
SET p = $props
FOREACH (x IN $identifiers |
  CREATE (p)-[r:HAS_IDENTIFIER]->(i:Entity:Identifier)
  SET i = x.props, r = x.rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN p AS n

// name: record_association
// mode: write
MATCH (a:Person {id: $person_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Person {id: $associate_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:ASSOCIATED_WITH {owner: $owner}]->(:Person)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:ASSOCIATED_WITH]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: record_incident
// mode: write
OPTIONAL MATCH (p:Person)
WHERE p.id IN $person_ids AND (p.owner + ':' + p.category) IN $scopes
WITH collect(p) AS people
WHERE size(people) = size($person_ids)
OPTIONAL MATCH (pl:Place {id: $place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH people, pl
WHERE $place_id IS NULL OR pl IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH people, pl, count(dup) AS dups
WHERE dups = 0
CREATE (i:Entity:Incident)
SET i = $props
FOREACH (p IN people |
  CREATE (p)-[r:INVOLVED_IN]->(i)
  SET r = [x IN $participants WHERE x.person_id = p.id][0].rel)
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (i)-[r:OCCURRED_AT]->(place)
  SET r = $place_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN i AS n

// name: report_missing
// mode: write
MATCH (c:Child {id: $child_id})
WHERE (c.owner + ':' + c.category) IN $scopes
OPTIONAL MATCH (pl:Place {id: $place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH c, pl
WHERE $place_id IS NULL OR pl IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH c, pl, count(dup) AS dups
WHERE dups = 0
CREATE (e:Entity:MissingEpisode)
SET e = $props
CREATE (c)-[w:WENT_MISSING]->(e)
SET w = $went_rel
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (e)-[r:MISSING_FROM]->(place)
  SET r = $place_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN e AS n

// name: close_missing_episode
// mode: write
// Closes only the episode the service checked: still open, reported when it was then.
MATCH (e:MissingEpisode {id: $episode_id})
WHERE (e.owner + ':' + e.category) IN $scopes
  AND e.status = 'open' AND e.found_at_time IS NULL
  AND coalesce(e.reported_at, '') = coalesce($reported_at, '')
OPTIONAL MATCH (pl:Place {id: $place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH e, pl
WHERE $place_id IS NULL OR pl IS NOT NULL
OPTIONAL MATCH (p:Person)
WHERE p.id IN $person_ids AND (p.owner + ':' + p.category) IN $scopes
WITH e, pl, collect(p) AS people
WHERE size(people) = size($person_ids)
SET e.found_at_time = $found_at_time, e.status = 'closed', e.duration_hours = $duration_hours,
    e.updated_at = $now, e.updated_by = $actor
FOREACH (place IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (e)-[r:FOUND_AT]->(place)
  SET r = $place_rel)
FOREACH (p IN people |
  CREATE (e)-[r:FOUND_WITH]->(p)
  SET r = [x IN $found_with WHERE x.person_id = p.id][0].rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN e AS n

// name: record_return_home_interview
// mode: write
MATCH (e:MissingEpisode {id: $episode_id})
WHERE (e.owner + ':' + e.category) IN $scopes
  AND e.found_at_time = $found_at_time
  AND NOT (e)-[:HAS_INTERVIEW]->(:ReturnHomeInterview)
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH e, count(dup) AS dups
WHERE dups = 0
CREATE (i:Entity:ReturnHomeInterview)
SET i = $props
CREATE (e)-[r:HAS_INTERVIEW]->(i)
SET r = $rel
CREATE (chg:PendingChange)
SET chg = $change
RETURN i AS n

// name: record_referral
// mode: write
MATCH (p:Person {id: $person_id})
WHERE (p.owner + ':' + p.category) IN $scopes
OPTIONAL MATCH (agency:Agency {code: $from_agency})
WITH p, head(collect(agency)) AS agency
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH p, agency, count(dup) AS dups
WHERE dups = 0
CREATE (f:Entity:Referral)
SET f = $props
CREATE (f)-[r:REFERRAL_FOR]->(p)
SET r = $for_rel
FOREACH (a IN CASE WHEN agency IS NULL THEN [] ELSE [agency] END |
  CREATE (f)-[b:REFERRED_BY]->(a)
  SET b = $by_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN f AS n

// name: record_context_assessment
// mode: write
// The version counts every earlier assessment of the subject, visible or not, so that
// versions stay unique; it is computed here so two writers cannot take the same one.
MATCH (s:Entity {id: $subject_id})
WHERE (s.owner + ':' + s.category) IN $scopes AND (s:Place OR s:School OR s:PeerGroup)
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH s, count(dup) AS dups
WHERE dups = 0
OPTIONAL MATCH (earlier:ContextAssessment)-[:ASSESSES]->(s)
WITH s, coalesce(max(earlier.version), 0) + 1 AS version
CREATE (a:Entity:ContextAssessment)
SET a = $props, a.version = version
CREATE (a)-[r:ASSESSES]->(s)
SET r = $rel
CREATE (chg:PendingChange)
SET chg = $change
RETURN a AS n

// name: record_panel_decision
// mode: write
MATCH (panel:Panel {id: $panel_id})
WHERE (panel.owner + ':' + panel.category) IN $scopes
OPTIONAL MATCH (c:Entity)
WHERE c.id IN $concern_ids AND (c.owner + ':' + c.category) IN $scopes
  AND (c:Person OR c:Place OR c:School OR c:PeerGroup)
WITH panel, collect(c) AS concerns
WHERE size(concerns) = size($concern_ids)
OPTIONAL MATCH (pr:Practitioner)
WHERE pr.id IN $assignee_ids AND (pr.owner + ':' + pr.category) IN $scopes
WITH panel, concerns, collect(pr) AS assignees
WHERE size(assignees) = size($assignee_ids)
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH panel, concerns, assignees, count(dup) AS dups
WHERE dups = 0
CREATE (d:Entity:PanelDecision)
SET d = $props
CREATE (panel)-[dr:DECIDED]->(d)
SET dr = $decided_rel
FOREACH (c IN concerns |
  CREATE (d)-[r:CONCERNS]->(c)
  SET r = [x IN $concerns WHERE x.id = c.id][0].rel)
FOREACH (act IN $actions |
  CREATE (a:Entity:Action)
  SET a = act.props
  CREATE (d)-[h:HAS_ACTION]->(a)
  SET h = act.rel
  FOREACH (pr IN [x IN assignees WHERE x.id = act.assignee_id] |
    CREATE (a)-[t:ASSIGNED_TO]->(pr)
    SET t = act.assign_rel))
CREATE (chg:PendingChange)
SET chg = $change
RETURN d AS n

// name: update_action_status
// mode: write
MATCH (a:Action {id: $action_id})
WHERE (a.owner + ':' + a.category) IN $scopes
  AND a.status = $before
SET a.status = $status, a.completed_at = $completed_at,
    a.updated_at = $now, a.updated_by = $actor
CREATE (chg:PendingChange)
SET chg = $change
RETURN a AS n

// ---------------------------------------------------------------- corrections and retractions
// Only the owner corrects or retracts, and only a record it may see (or one it retracted).
// A link record is found from its start record ($from_id, held in the link's global id).

// name: recording_own_record
MATCH (n:Entity {id: $id})
WHERE n.owner = $owner
  AND ((n.owner + ':' + n.category) IN $scopes OR n.category = 'retracted')
RETURN n

// name: recording_own_link
MATCH (a:Entity {id: $from_id})-[r]->(b:Entity)
WHERE r.id = $id AND type(r) = $type AND r.owner = $owner
  AND ((r.owner + ':' + r.category) IN $scopes OR r.category = 'retracted')
  AND (a.owner + ':' + a.category) IN $scopes AND (b.owner + ':' + b.category) IN $scopes
RETURN a, r, b LIMIT 1

// name: correct_record
// mode: write
// Guarded by the revision the service read: two corrections from one reading cannot both land.
MATCH (n:Entity {id: $id})
WHERE n.owner = $owner AND (n.owner + ':' + n.category) IN $scopes
  AND coalesce(n.revision, 0) = $revision
SET n += $changes, n.revision = $revision + 1, n.updated_at = $now, n.updated_by = $actor
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: correct_link
// mode: write
MATCH (a:Entity {id: $from_id})-[r]->(b:Entity)
WHERE r.id = $id AND type(r) = $type AND r.owner = $owner
  AND (r.owner + ':' + r.category) IN $scopes AND coalesce(r.revision, 0) = $revision
SET r += $changes, r.revision = $revision + 1, r.updated_at = $now, r.updated_by = $actor
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: retract_record
// mode: write
// The record and its owner's links take the category no scope holds (and the stored scope
// that follows from it); what they were is kept.
MATCH (n:Entity {id: $id})
WHERE n.owner = $owner AND (n.owner + ':' + n.category) IN $scopes
OPTIONAL MATCH (n)-[l]-(:Entity)
WHERE l.owner = $owner AND l.category <> $retracted
WITH n, collect(l) AS links
FOREACH (x IN links |
  SET x.retracted_category = x.category, x.category = $retracted,
      x.scope = x.owner + ':' + $retracted, x.retracted_at = $now, x.retracted_by = $actor)
SET n.retracted_category = n.category, n.category = $retracted,
    n.scope = n.owner + ':' + $retracted, n.retracted_at = $now, n.retracted_by = $actor,
    n.retraction_reason = $reason
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: retract_link
// mode: write
MATCH (a:Entity {id: $from_id})-[r]->(b:Entity)
WHERE r.id = $id AND type(r) = $type AND r.owner = $owner
  AND (r.owner + ':' + r.category) IN $scopes
SET r.retracted_category = r.category, r.category = $retracted,
    r.scope = r.owner + ':' + $retracted, r.retracted_at = $now, r.retracted_by = $actor,
    r.retraction_reason = $reason
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// ---------------------------------------------------------------- reference records

// name: record_area
// mode: write
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Area)
SET n = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_place
// mode: write
OPTIONAL MATCH (ar:Area {id: $area_id})
WHERE (ar.owner + ':' + ar.category) IN $scopes
WITH ar
WHERE $area_id IS NULL OR ar IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH ar, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Place)
SET n = $props
FOREACH (a IN CASE WHEN ar IS NULL THEN [] ELSE [ar] END |
  CREATE (n)-[r:IN_AREA]->(a)
  SET r = $area_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_school
// mode: write
OPTIONAL MATCH (pl:Place {id: $place_id})
WHERE (pl.owner + ':' + pl.category) IN $scopes
WITH pl
WHERE $place_id IS NULL OR pl IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH pl, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:School)
SET n = $props
FOREACH (p IN CASE WHEN pl IS NULL THEN [] ELSE [pl] END |
  CREATE (n)-[r:LOCATED_AT]->(p)
  SET r = $place_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_panel
// mode: write
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Panel)
SET n = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// ---------------------------------------------------------------- county lines

// name: record_county_line
// mode: write
OPTIONAL MATCH (ex:Area {id: $export_id})
WHERE (ex.owner + ':' + ex.category) IN $scopes
WITH ex
WHERE $export_id IS NULL OR ex IS NOT NULL
OPTIONAL MATCH (im:Area)
WHERE im.id IN $import_ids AND (im.owner + ':' + im.category) IN $scopes
WITH ex, collect(im) AS imports
WHERE size(imports) = size($import_ids)
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH ex, imports, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:CountyLine)
SET n = $props
FOREACH (a IN CASE WHEN ex IS NULL THEN [] ELSE [ex] END |
  CREATE (n)-[r:EXPORTS_FROM]->(a)
  SET r = $export_rel)
FOREACH (a IN imports |
  CREATE (n)-[r:IMPORTS_TO]->(a)
  SET r = [x IN $imports WHERE x.id = a.id][0].rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_phone
// mode: write
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Phone)
SET n = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// ---------------------------------------------------------------- people's records

// name: record_household
// mode: write
OPTIONAL MATCH (p:Person)
WHERE p.id IN $member_ids AND (p.owner + ':' + p.category) IN $scopes
WITH collect(p) AS people
WHERE size(people) = size($member_ids)
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH people, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Family)
SET n = $props
FOREACH (p IN people |
  CREATE (p)-[r:MEMBER_OF_FAMILY]->(n)
  SET r = [x IN $members WHERE x.id = p.id][0].rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_flag
// mode: write
MATCH (p:Person {id: $person_id})
WHERE (p.owner + ':' + p.category) IN $scopes
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH p, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Flag)
SET n = $props
CREATE (p)-[r:HAS_FLAG]->(n)
SET r = $rel
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_intervention
// mode: write
MATCH (p:Person {id: $person_id})
WHERE (p.owner + ':' + p.category) IN $scopes
OPTIONAL MATCH (f:Referral {id: $referral_id})
WHERE (f.owner + ':' + f.category) IN $scopes
WITH p, f
WHERE $referral_id IS NULL OR f IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH p, f, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Intervention)
SET n = $props
CREATE (n)-[r:INTERVENTION_FOR]->(p)
SET r = $for_rel
FOREACH (x IN CASE WHEN f IS NULL THEN [] ELSE [f] END |
  CREATE (n)-[l:FOLLOWS]->(x)
  SET l = $follows_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: record_outcome
// mode: write
MATCH (p:Person {id: $person_id})
WHERE (p.owner + ':' + p.category) IN $scopes
OPTIONAL MATCH (i:Incident {id: $incident_id})
WHERE (i.owner + ':' + i.category) IN $scopes
WITH p, i
WHERE $incident_id IS NULL OR i IS NOT NULL
OPTIONAL MATCH (dup:Entity {client_ref: $client_ref, owner: $owner})
WITH p, i, count(dup) AS dups
WHERE dups = 0
CREATE (n:Entity:Outcome)
SET n = $props
CREATE (n)-[r:OUTCOME_FOR]->(p)
SET r = $for_rel
FOREACH (x IN CASE WHEN i IS NULL THEN [] ELSE [i] END |
  CREATE (n)-[l:OUTCOME_OF]->(x)
  SET l = $of_rel)
CREATE (chg:PendingChange)
SET chg = $change
RETURN n

// name: recording_own_membership
MATCH (p:Person {id: $person_id})-[r:MEMBER_OF]->(g:PeerGroup {id: $group_id})
WHERE r.owner = $owner AND (r.owner + ':' + r.category) IN $scopes
RETURN r.id AS id LIMIT 1

// ---------------------------------------------------------------- link records (hub/services/recording/links.py)

// name: link_lives_at
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:LIVES_AT {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:LIVES_AT]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_attends
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:ATTENDS {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:ATTENDS]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_family_of
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:FAMILY_OF {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:FAMILY_OF]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_member_of_family
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:MEMBER_OF_FAMILY {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:MEMBER_OF_FAMILY]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_member_of
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:MEMBER_OF {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:MEMBER_OF]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_linked_to_line
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:LINKED_TO_LINE {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:LINKED_TO_LINE]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_uses_phone
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:USES_PHONE {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:USES_PHONE]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_exports_from
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:EXPORTS_FROM {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:EXPORTS_FROM]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b

// name: link_imports_to
// mode: write
MATCH (a:Entity {id: $from_id})
WHERE (a.owner + ':' + a.category) IN $scopes
MATCH (b:Entity {id: $to_id})
WHERE (b.owner + ':' + b.category) IN $scopes
OPTIONAL MATCH (a)-[dup:IMPORTS_TO {owner: $owner}]->(:Entity)
WHERE $client_ref IS NOT NULL AND dup.client_ref = $client_ref
WITH a, b, count(dup) AS dups
WHERE dups = 0
CREATE (a)-[r:IMPORTS_TO]->(b)
SET r = $props
CREATE (chg:PendingChange)
SET chg = $change
RETURN a, r, b
