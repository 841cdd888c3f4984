// Projections for the contextual safeguarding analytics (hub/services/analytics.py).
// Each reads only what the caller may see: every node AND every relationship a statement
// touches, the intermediate incident, episode, school or place included, is filtered by
// its stored scope (`x.scope IN $scopes` for a record, one stored value compared rather
// than a string built on every row; `(r.owner + ':' + r.category) IN $scopes` for a link,
// which stores none). A hidden link therefore never reaches the
// analytics, and cannot carry a path, hold a group together or add to a count.
//
// FalkorDB quirks these statements work around: every pattern comprehension in one
// projection names its own variables (a name reused by a second comprehension makes that
// one come back empty), and a hop starts with `MATCH (p {id: id}) WITH ... MATCH (p)-...`
// so the planner starts from the id index rather than scanning the far end's label.

// name: analytics_people
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
RETURN p

// name: analytics_peer_hop
// One hop of a peer network from every person in $frontier, through the link kinds in
// $kinds: direct links (association, sibling, family) and links derived through an
// intermediate record (co-suspects in one incident, one found with the other on a missing
// episode, pupils of one school, residents of one place). A school or place with more than
// $cap visible pupils or residents gives one row with no `other_id`, so the service can
// say it was skipped. Each link comes once: none back to the people in $done (already
// expanded, so their links came from their side), and a link between two people of the
// frontier only from the smaller id. With $closing, only links within the frontier.
// Rows are plain values and people only ids: the service fetches each person once
// (`analytics_people_brief`), as parsing a map on every row cost more than the hop.
UNWIND $frontier AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
WITH id, p
MATCH (p)-[r:ASSOCIATED_WITH|FAMILY_OF]-(o:Person)
WHERE (r.owner + ':' + r.category) IN $scopes
  AND o.scope IN $scopes
  AND NOT o.id IN $done AND (NOT o.id IN $frontier OR p.id < o.id)
  AND (NOT $closing OR o.id IN $frontier)
  AND ((type(r) = 'ASSOCIATED_WITH' AND ('association' IN $kinds OR r.context IN $kinds))
    OR (type(r) = 'FAMILY_OF' AND r.kind = 'sibling' AND 'sibling' IN $kinds)
    OR (type(r) = 'FAMILY_OF' AND coalesce(r.kind, '') <> 'sibling' AND 'family' IN $kinds))
RETURN id AS source,
  CASE WHEN type(r) = 'ASSOCIATED_WITH' THEN 'association'
       WHEN r.kind = 'sibling' THEN 'sibling' ELSE 'family' END AS kind,
  r.id AS link_id, null AS via, null AS via_size, r.context AS context, null AS detail,
  r.strength AS strength, r.first_seen AS first_seen, r.last_seen AS last_seen,
  o.id AS other_id
UNION ALL
UNWIND $frontier AS id
MATCH (p:Person {id: id})
WHERE 'co_offending' IN $kinds AND p.scope IN $scopes
WITH id, p
MATCH (p)-[r1:INVOLVED_IN]->(i:Incident)<-[r2:INVOLVED_IN]-(o:Person)
WHERE r1.role = 'suspect' AND r2.role = 'suspect' AND o.id <> p.id
  AND (r1.owner + ':' + r1.category) IN $scopes
  AND i.scope IN $scopes
  AND (r2.owner + ':' + r2.category) IN $scopes
  AND o.scope IN $scopes
  AND NOT o.id IN $done AND (NOT o.id IN $frontier OR p.id < o.id)
  AND (NOT $closing OR o.id IN $frontier)
RETURN id AS source, 'co_offending' AS kind, null AS link_id, i.id AS via, null AS via_size,
  null AS context, null AS detail, null AS strength,
  i.occurred_at AS first_seen, i.occurred_at AS last_seen,
  o.id AS other_id
UNION ALL
UNWIND $frontier AS id
MATCH (p:Person {id: id})
WHERE 'missing_together' IN $kinds AND p.scope IN $scopes
WITH id, p
MATCH (p)-[a:WENT_MISSING|FOUND_WITH]-(e:MissingEpisode)-[b:WENT_MISSING|FOUND_WITH]-(o:Person)
WHERE type(a) <> type(b) AND o.id <> p.id
  AND (a.owner + ':' + a.category) IN $scopes
  AND e.scope IN $scopes
  AND (b.owner + ':' + b.category) IN $scopes
  AND o.scope IN $scopes
  AND NOT o.id IN $done AND (NOT o.id IN $frontier OR p.id < o.id)
  AND (NOT $closing OR o.id IN $frontier)
RETURN id AS source, 'missing_together' AS kind, null AS link_id, e.id AS via,
  null AS via_size, null AS context, null AS detail, null AS strength,
  e.reported_at AS first_seen, coalesce(e.found_at_time, e.reported_at) AS last_seen,
  o.id AS other_id
UNION ALL
UNWIND $frontier AS id
MATCH (p:Person {id: id})
WHERE 'same_school' IN $kinds AND p.scope IN $scopes
WITH id, p
MATCH (p)-[a1:ATTENDS]->(s:School)
WHERE (a1.owner + ':' + a1.category) IN $scopes
  AND s.scope IN $scopes
WITH id, p, a1, s, size([(s)<-[sx:ATTENDS]-(sy:Person)
  WHERE (sx.owner + ':' + sx.category) IN $scopes
    AND sy.scope IN $scopes | 1]) AS pupils
OPTIONAL MATCH (s)<-[a2:ATTENDS]-(o:Person)
WHERE pupils <= $cap AND o.id <> p.id
  AND (a2.owner + ':' + a2.category) IN $scopes
  AND o.scope IN $scopes
  AND NOT o.id IN $done AND (NOT o.id IN $frontier OR p.id < o.id)
  AND (NOT $closing OR o.id IN $frontier)
RETURN id AS source, 'same_school' AS kind, null AS link_id, s.id AS via, pupils AS via_size,
  null AS context,
  CASE WHEN pupils > $cap THEN s.name END AS detail, null AS strength,
  CASE WHEN a1['from'] > a2['from'] OR a2['from'] IS NULL THEN a1['from']
       ELSE a2['from'] END AS first_seen,
  CASE WHEN a1['to'] IS NULL THEN a2['to']
       WHEN a2['to'] IS NULL OR a1['to'] < a2['to'] THEN a1['to']
       ELSE a2['to'] END AS last_seen,
  o.id AS other_id
UNION ALL
UNWIND $frontier AS id
MATCH (p:Person {id: id})
WHERE 'same_place' IN $kinds AND p.scope IN $scopes
WITH id, p
MATCH (p)-[l1:LIVES_AT]->(pl:Place)
WHERE (l1.owner + ':' + l1.category) IN $scopes
  AND pl.scope IN $scopes
WITH id, p, l1, pl, size([(pl)<-[rx:LIVES_AT]-(ry:Person)
  WHERE (rx.owner + ':' + rx.category) IN $scopes
    AND ry.scope IN $scopes | 1]) AS residents
OPTIONAL MATCH (pl)<-[l2:LIVES_AT]-(o:Person)
WHERE residents <= $cap AND o.id <> p.id
  AND (l2.owner + ':' + l2.category) IN $scopes
  AND o.scope IN $scopes
  AND NOT o.id IN $done AND (NOT o.id IN $frontier OR p.id < o.id)
  AND (NOT $closing OR o.id IN $frontier)
RETURN id AS source, 'same_place' AS kind, null AS link_id, pl.id AS via,
  residents AS via_size, null AS context,
  CASE WHEN residents > $cap THEN pl.name END AS detail, null AS strength,
  CASE WHEN l1['from'] > l2['from'] OR l2['from'] IS NULL THEN l1['from']
       ELSE l2['from'] END AS first_seen,
  CASE WHEN l1['to'] IS NULL THEN l2['to']
       WHEN l2['to'] IS NULL OR l1['to'] < l2['to'] THEN l1['to']
       ELSE l2['to'] END AS last_seen,
  o.id AS other_id

// name: analytics_people_brief
// The people of a peer network, once each, as plain values: what the analytics read.
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
RETURN p.id AS id, labels(p) AS labels, p.name AS name, p.dob AS dob, p.gender AS gender,
  p.ethnicity AS ethnicity, p.town AS town, p.ward AS ward, p.of_concern AS of_concern

// name: analytics_route_hop
// One hop of a route search from every record in $frontier, through the relationship
// types in $types, to people, incidents, places, lines, phones, groups and episodes.
// A record with more than $cap visible links (a busy station, a large school) is not
// expanded unless it is in $uncapped (the two ends): it says little about a connection.
UNWIND $frontier AS id
MATCH (n:Entity {id: id})
WHERE n.scope IN $scopes
WITH id, n
MATCH (n)-[r]-(o:Entity)
WHERE type(r) IN $types
  AND (r.owner + ':' + r.category) IN $scopes
  AND o.scope IN $scopes
WITH id, collect({type: type(r), out: startNode(r) = n,
  rel: {id: r.id, context: r.context, kind: r.kind, role: r.role, strength: r.strength,
        first_seen: r.first_seen, last_seen: r.last_seen, valid_from: r['from'],
        valid_to: r['to'],
        since: r.since},
  other: {id: o.id, labels: labels(o), name: o.name, dob: o.dob, of_concern: o.of_concern,
          reference: o.reference, type: o.type, occurred_at: o.occurred_at,
          reported_at: o.reported_at, found_at_time: o.found_at_time, number: o.number,
          status: o.status}}) AS links
RETURN id, size(links) AS degree,
  CASE WHEN size(links) > $cap AND NOT id IN $uncapped THEN [] ELSE links END AS links

// name: analytics_nodes
// Any records by id, as the analyses name them: the two ends of a route, the people and
// places a missing summary shows.
UNWIND $ids AS id
MATCH (o:Entity {id: id})
WHERE o.scope IN $scopes
RETURN {id: o.id, labels: labels(o), name: o.name, dob: o.dob, of_concern: o.of_concern,
        reference: o.reference, type: o.type, occurred_at: o.occurred_at,
        reported_at: o.reported_at, found_at_time: o.found_at_time, number: o.number,
        status: o.status} AS node

// name: analytics_co_offending
// Every suspect's part in an incident at a visible place in the area and period.
MATCH (pl:Place)<-[oa:OCCURRED_AT]-(i:Incident)<-[r:INVOLVED_IN]-(p:Person)
WHERE r.role = 'suspect'
  AND ($town IS NULL OR pl.town = $town)
  AND ($ward IS NULL OR pl.ward = $ward)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND pl.scope IN $scopes
  AND (oa.owner + ':' + oa.category) IN $scopes
  AND i.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND p.scope IN $scopes
RETURN i.id AS incident_id, i.occurred_at AS occurred_at, i.type AS type, pl.town AS town,
  pl.ward AS ward, r.role AS role,
  {id: p.id, labels: labels(p), name: p.name, dob: p.dob} AS person

// name: analytics_child_episodes
// One child's missing episodes, in the row shape of `analytics_episodes`.
MATCH (c:Person {id: $id})-[w:WENT_MISSING]->(e:MissingEpisode)
WHERE c.scope IN $scopes
  AND (w.owner + ':' + w.category) IN $scopes
  AND e.scope IN $scopes
RETURN 'episode' AS how, e.id AS id, c.id AS other, e.reported_at AS a,
  e.found_at_time AS b, e.risk AS c
UNION ALL
MATCH (c:Person {id: $id})-[w:WENT_MISSING]->(e:MissingEpisode)
WHERE c.scope IN $scopes
  AND (w.owner + ':' + w.category) IN $scopes
  AND e.scope IN $scopes
WITH e
MATCH (e)-[r:FOUND_AT|FOUND_WITH|HAS_INTERVIEW]->(x)
WHERE (r.owner + ':' + r.category) IN $scopes AND x.scope IN $scopes
  // an interview is held back under the consent rule of cypher/records.cypher (it follows
  // no other record)
  AND (type(r) <> 'HAS_INTERVIEW' OR NOT x.owner IN $consent_owners
       OR x.category IN $consent_exempt OR x.scope IN $consent_free
       OR x.consent = 'given'
       OR (x.consent = 'safeguarding_override' AND trim(coalesce(x.consent_reason, '')) <> ''))
RETURN type(r) AS how, e.id AS id,
  CASE type(r) WHEN 'HAS_INTERVIEW' THEN x.status ELSE x.id END AS other,
  x.offered_at AS a, x.completed_at AS b, null AS c

// name: analytics_episodes
// Every visible missing episode reported in the period, one row per episode (`episode`:
// the child in `other`, reported_at, found_at_time and risk in a, b, c) and one per
// visible FOUND_AT place, FOUND_WITH person (`other`) or HAS_INTERVIEW interview (status in
// `other`, offered_at and completed_at in a and b). Each part is one traversal over all the
// period's episodes: written as pattern comprehensions, the same links were followed
// episode by episode and took fourteen times as long. Rows are plain values, not nodes or
// maps: at county scale, parsing a node per row costs more than running the statement.
MATCH (e:MissingEpisode)
WHERE e.reported_at >= $since
  AND ($until IS NULL OR e.reported_at <= $until)
  AND e.scope IN $scopes
WITH e
MATCH (c:Person)-[w:WENT_MISSING]->(e)
WHERE c.scope IN $scopes
  AND (w.owner + ':' + w.category) IN $scopes
RETURN 'episode' AS how, e.id AS id, c.id AS other, e.reported_at AS a,
  e.found_at_time AS b, e.risk AS c
UNION ALL
MATCH (e:MissingEpisode)
WHERE e.reported_at >= $since
  AND ($until IS NULL OR e.reported_at <= $until)
  AND e.scope IN $scopes
WITH e
MATCH (e)-[r:FOUND_AT|FOUND_WITH|HAS_INTERVIEW]->(x)
WHERE (r.owner + ':' + r.category) IN $scopes AND x.scope IN $scopes
  // an interview is held back under the consent rule of cypher/records.cypher (it follows
  // no other record)
  AND (type(r) <> 'HAS_INTERVIEW' OR NOT x.owner IN $consent_owners
       OR x.category IN $consent_exempt OR x.scope IN $consent_free
       OR x.consent = 'given'
       OR (x.consent = 'safeguarding_override' AND trim(coalesce(x.consent_reason, '')) <> ''))
RETURN type(r) AS how, e.id AS id,
  CASE type(r) WHEN 'HAS_INTERVIEW' THEN x.status ELSE x.id END AS other,
  x.offered_at AS a, x.completed_at AS b, null AS c

// name: analytics_person_incidents
MATCH (c:Person {id: $id})-[r:INVOLVED_IN]->(i:Incident)
WHERE c.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND i.scope IN $scopes
RETURN i.id AS id, i.occurred_at AS occurred_at, i.type AS type, r.role AS role

// name: analytics_line
// One county line with its members (people, places, phones), phones and areas.
MATCH (l:CountyLine {id: $id})
WHERE l.scope IN $scopes
RETURN l AS line,
  [(l)<-[r:LINKED_TO_LINE]-(o:Entity)
   WHERE (r.owner + ':' + r.category) IN $scopes AND o.scope IN $scopes
   | {id: r.id, role: r.role, first_seen: r.first_seen, last_seen: r.last_seen,
      other: {id: o.id, labels: labels(o), name: o.name, dob: o.dob, of_concern: o.of_concern,
              number: o.number, town: o.town, address: o.address, kind: o.kind}}] AS members,
  [(l)-[u:USES_PHONE]->(ph:Phone)
   WHERE (u.owner + ':' + u.category) IN $scopes AND ph.scope IN $scopes
   | {id: u.id, first_seen: u['from'], last_seen: u['to'],
      other: {id: ph.id, labels: labels(ph), number: ph.number, kind: ph.kind}}] AS phones,
  [(l)-[xe:EXPORTS_FROM]->(ae:Area)
   WHERE (xe.owner + ':' + xe.category) IN $scopes AND ae.scope IN $scopes
   | {id: ae.id, name: ae.name}] AS exporting,
  [(l)-[xi:IMPORTS_TO]->(ai:Area)
   WHERE (xi.owner + ':' + xi.category) IN $scopes AND ai.scope IN $scopes
   | {id: ai.id, name: ai.name}] AS importing

// name: analytics_line_links
// Every visible link of a person, place or phone to a visible county line.
MATCH (o:Entity)-[r:LINKED_TO_LINE]->(l:CountyLine)
WHERE l.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND o.scope IN $scopes
RETURN {id: l.id, name: l.name, status: l.status} AS line,
  {id: r.id, role: r.role, first_seen: r.first_seen, last_seen: r.last_seen} AS rel,
  {id: o.id, labels: labels(o), name: o.name, dob: o.dob, of_concern: o.of_concern,
   number: o.number} AS other

// name: analytics_child_associates
// Children with a visible association to any of the people in $ids.
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:ASSOCIATED_WITH]-(c:Child)
WHERE p.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND c.scope IN $scopes
RETURN id AS source, r.id AS link_id, r.context AS context, r.strength AS strength,
  r.first_seen AS first_seen, r.last_seen AS last_seen,
  {id: c.id, labels: labels(c), name: c.name, dob: c.dob} AS other

// name: analytics_context_subject
// A place, school or peer group, and where a school stands.
MATCH (n:Entity {id: $id})
WHERE n.scope IN $scopes
RETURN n AS subject,
  [(n)-[l:LOCATED_AT]->(pl:Place)
   WHERE (l.owner + ':' + l.category) IN $scopes AND pl.scope IN $scopes
   | pl.id] AS places

// name: analytics_context_ties
// Who and what is tied to a context: residents of, incidents at and episodes ending or
// starting at the places in $places; pupils of the school $school; members of the group
// $group. One row per tie; `event_*` is set for incidents and episodes.
UNWIND $places AS pid
MATCH (pl:Place {id: pid})<-[r:LIVES_AT]-(p:Person)
WHERE pl.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND p.scope IN $scopes
RETURN 'resident' AS how, {id: p.id, labels: labels(p), name: p.name, dob: p.dob} AS person,
  null AS event_id, null AS event_kind, null AS event_at, null AS role
UNION ALL
UNWIND $places AS pid
MATCH (pl:Place {id: pid})<-[r:OCCURRED_AT]-(i:Incident)
WHERE pl.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND i.scope IN $scopes
OPTIONAL MATCH (i)<-[v:INVOLVED_IN]-(p:Person)
WHERE (v.owner + ':' + v.category) IN $scopes AND p.scope IN $scopes
RETURN 'incident' AS how,
  CASE WHEN p IS NULL THEN null ELSE {id: p.id, labels: labels(p), name: p.name, dob: p.dob}
  END AS person,
  i.id AS event_id, i.type AS event_kind, i.occurred_at AS event_at, v.role AS role
UNION ALL
UNWIND $places AS pid
MATCH (pl:Place {id: pid})<-[r:FOUND_AT|MISSING_FROM]-(e:MissingEpisode)
WHERE pl.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND e.scope IN $scopes
OPTIONAL MATCH (e)<-[w:WENT_MISSING]-(p:Person)
WHERE (w.owner + ':' + w.category) IN $scopes AND p.scope IN $scopes
RETURN CASE type(r) WHEN 'FOUND_AT' THEN 'found' ELSE 'missing_from' END AS how,
  CASE WHEN p IS NULL THEN null ELSE {id: p.id, labels: labels(p), name: p.name, dob: p.dob}
  END AS person,
  e.id AS event_id, 'missing' AS event_kind, e.reported_at AS event_at, null AS role
UNION ALL
MATCH (s:School {id: $school})<-[r:ATTENDS]-(p:Person)
WHERE s.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND p.scope IN $scopes
RETURN 'pupil' AS how, {id: p.id, labels: labels(p), name: p.name, dob: p.dob} AS person,
  null AS event_id, null AS event_kind, null AS event_at, r['to'] AS role
UNION ALL
MATCH (g:PeerGroup {id: $group})<-[r:MEMBER_OF]-(p:Person)
WHERE g.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND p.scope IN $scopes
RETURN 'member' AS how, {id: p.id, labels: labels(p), name: p.name, dob: p.dob} AS person,
  null AS event_id, null AS event_kind, null AS event_at, r.role AS role

// name: analytics_member_events
// The incidents and missing episodes of the people in $ids (a peer group's members).
UNWIND $ids AS id
MATCH (p:Person {id: id})-[r:INVOLVED_IN]->(i:Incident)
WHERE p.scope IN $scopes
  AND (r.owner + ':' + r.category) IN $scopes
  AND i.scope IN $scopes
RETURN id AS person_id, 'incident' AS how, i.id AS event_id, i.type AS event_kind,
  i.occurred_at AS event_at, r.role AS role
UNION ALL
UNWIND $ids AS id
MATCH (p:Person {id: id})-[w:WENT_MISSING]->(e:MissingEpisode)
WHERE p.scope IN $scopes
  AND (w.owner + ':' + w.category) IN $scopes
  AND e.scope IN $scopes
RETURN id AS person_id, 'missing' AS how, e.id AS event_id, 'missing' AS event_kind,
  e.reported_at AS event_at, null AS role

// name: analytics_context_records
// A context's assessments, and the panel decisions concerning it with their actions.
MATCH (n:Entity {id: $id})
WHERE n.scope IN $scopes
RETURN
  [(n)<-[a:ASSESSES]-(ca:ContextAssessment)
   WHERE (a.owner + ':' + a.category) IN $scopes AND ca.scope IN $scopes
   | ca] AS assessments,
  [(n)<-[c1:CONCERNS]-(d1:PanelDecision)
   WHERE (c1.owner + ':' + c1.category) IN $scopes AND d1.scope IN $scopes
   | d1] AS decisions,
  [(n)<-[c2:CONCERNS]-(d2:PanelDecision)-[h3:HAS_ACTION]->(a3:Action)
   WHERE (c2.owner + ':' + c2.category) IN $scopes AND d2.scope IN $scopes
     AND (h3.owner + ':' + h3.category) IN $scopes AND a3.scope IN $scopes
   | {decision: d2.id, action: a3}] AS actions

// name: analytics_panel
// A panel, its decisions, what each concerns, and each decision's actions and assignees.
MATCH (pn:Panel {id: $id})
WHERE pn.scope IN $scopes
OPTIONAL MATCH (pn)-[dd:DECIDED]->(d:PanelDecision)
WHERE (dd.owner + ':' + dd.category) IN $scopes AND d.scope IN $scopes
RETURN pn AS panel, d AS decision,
  CASE WHEN d IS NULL THEN [] ELSE
  [(d)-[c:CONCERNS]->(s:Entity)
   WHERE (c.owner + ':' + c.category) IN $scopes AND s.scope IN $scopes
   | s] END AS concerns,
  CASE WHEN d IS NULL THEN [] ELSE
  [(d)-[h1:HAS_ACTION]->(a1:Action)
   WHERE (h1.owner + ':' + h1.category) IN $scopes AND a1.scope IN $scopes
   | a1] END AS actions,
  CASE WHEN d IS NULL THEN [] ELSE
  [(d)-[h2:HAS_ACTION]->(a2:Action)-[t:ASSIGNED_TO]->(pr:Practitioner)
   WHERE (h2.owner + ':' + h2.category) IN $scopes AND a2.scope IN $scopes
     AND (t.owner + ':' + t.category) IN $scopes AND pr.scope IN $scopes
   | {action: a2.id, practitioner: pr}] END AS assignees

// name: analytics_panel_people
// The people a panel's decisions concern: its cohort.
MATCH (pn:Panel {id: $id})-[dd:DECIDED]->(d:PanelDecision)-[c:CONCERNS]->(p:Person)
WHERE pn.scope IN $scopes
  AND (dd.owner + ':' + dd.category) IN $scopes
  AND d.scope IN $scopes
  AND (c.owner + ':' + c.category) IN $scopes
  AND p.scope IN $scopes
RETURN DISTINCT p

// name: analytics_confirm_group
// mode: write
// A practitioner confirms a candidate group: the group and every membership in one
// statement, written only if every member is still one the caller may see.
OPTIONAL MATCH (p:Person)
WHERE p.id IN $member_ids AND p.scope IN $scopes
WITH collect(p) AS members
WHERE size(members) = size($member_ids)
CREATE (g:Entity:PeerGroup)
SET g = $props
FOREACH (m IN members |
  CREATE (m)-[r:MEMBER_OF]->(g)
  SET r = [x IN $memberships WHERE x.person_id = m.id][0].rel)
RETURN g AS n


// name: analytics_phone_lookup
// A phone by its number, spaces ignored, and the lines it is tied to: as a line's
// deal-line phone (USES_PHONE) or linked to it (LINKED_TO_LINE, with the role).
MATCH (ph:Phone)
WHERE replace(ph.number, ' ', '') = $digits
  AND ph.scope IN $scopes
RETURN ph.id AS id, ph.number AS number, ph.kind AS kind,
  [(ph)-[r:LINKED_TO_LINE]->(l:CountyLine)
   WHERE (r.owner + ':' + r.category) IN $scopes AND l.scope IN $scopes
   | [l.id, l.name, coalesce(r.role, 'linked')]] AS linked,
  [(l2:CountyLine)-[u:USES_PHONE]->(ph)
   WHERE (u.owner + ':' + u.category) IN $scopes AND l2.scope IN $scopes
   | [l2.id, l2.name, 'uses_phone']] AS used

// name: analytics_area_lookup
// An area by its name, case ignored: the lines exporting from it and importing to it, and
// the places in it that are tied to a line (with the line and the place's role on it).
MATCH (a:Area)
WHERE toLower(a.name) = toLower($name)
  AND a.scope IN $scopes
RETURN a.id AS id, a.name AS name, a.kind AS kind,
  [(l:CountyLine)-[x:EXPORTS_FROM]->(a)
   WHERE (x.owner + ':' + x.category) IN $scopes AND l.scope IN $scopes
   | [l.id, l.name, 'exports_from']] AS exporting,
  [(l2:CountyLine)-[y:IMPORTS_TO]->(a)
   WHERE (y.owner + ':' + y.category) IN $scopes AND l2.scope IN $scopes
   | [l2.id, l2.name, 'imports_to']] AS importing,
  [(a)<-[ia:IN_AREA]-(pl:Place)-[pr:LINKED_TO_LINE]->(l3:CountyLine)
   WHERE (ia.owner + ':' + ia.category) IN $scopes AND pl.scope IN $scopes
     AND (pr.owner + ':' + pr.category) IN $scopes AND l3.scope IN $scopes
   | [pl.id, pl.name, l3.id, pr.role]] AS places

// name: analytics_line_members
// The people, places and phones on each line in $ids, with their role on it.
UNWIND $ids AS id
MATCH (l:CountyLine {id: id})
WHERE l.scope IN $scopes
WITH id, l
MATCH (o:Entity)-[r:LINKED_TO_LINE]->(l)
WHERE (r.owner + ':' + r.category) IN $scopes AND o.scope IN $scopes
RETURN id AS line, r.role AS role, o.id AS id, labels(o) AS labels, o.name AS name,
  o.dob AS dob, o.of_concern AS of_concern, o.number AS number

// name: analytics_person_events
// The dated events of the people in $ids from $since to $until (ISO text): incidents they
// were involved in (any role), their missing episodes, referrals about them, their flags;
// each held back under the consent rule of cypher/records.cypher (none follows another).
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
WITH id, p
MATCH (p)-[r:INVOLVED_IN]->(i:Incident)
WHERE (r.owner + ':' + r.category) IN $scopes AND i.scope IN $scopes
  AND i.occurred_at >= $since AND i.occurred_at <= $until
  AND (NOT i.owner IN $consent_owners OR i.category IN $consent_exempt
       OR i.scope IN $consent_free OR i.consent = 'given'
       OR (i.consent = 'safeguarding_override'
           AND trim(coalesce(i.consent_reason, '')) <> ''))
RETURN id AS person_id, 'incident' AS kind, i.occurred_at AS at
UNION ALL
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
WITH id, p
MATCH (p)-[w:WENT_MISSING]->(e:MissingEpisode)
WHERE (w.owner + ':' + w.category) IN $scopes AND e.scope IN $scopes
  AND e.reported_at >= $since AND e.reported_at <= $until
  AND (NOT e.owner IN $consent_owners OR e.category IN $consent_exempt
       OR e.scope IN $consent_free OR e.consent = 'given'
       OR (e.consent = 'safeguarding_override'
           AND trim(coalesce(e.consent_reason, '')) <> ''))
RETURN id AS person_id, 'missing' AS kind, e.reported_at AS at
UNION ALL
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
WITH id, p
MATCH (f:Referral)-[rf:REFERRAL_FOR]->(p)
WHERE (rf.owner + ':' + rf.category) IN $scopes AND f.scope IN $scopes
  AND f.received_at >= $since AND f.received_at <= $until
  AND (NOT f.owner IN $consent_owners OR f.category IN $consent_exempt
       OR f.scope IN $consent_free OR f.consent = 'given'
       OR (f.consent = 'safeguarding_override'
           AND trim(coalesce(f.consent_reason, '')) <> ''))
RETURN id AS person_id, 'referral' AS kind, f.received_at AS at
UNION ALL
UNWIND $ids AS id
MATCH (p:Person {id: id})
WHERE p.scope IN $scopes
WITH id, p
MATCH (p)-[h:HAS_FLAG]->(g:Flag)
WHERE (h.owner + ':' + h.category) IN $scopes AND g.scope IN $scopes
  AND g.since >= $since AND g.since <= $until
  AND (NOT g.owner IN $consent_owners OR g.category IN $consent_exempt
       OR g.scope IN $consent_free OR g.consent = 'given'
       OR (g.consent = 'safeguarding_override'
           AND trim(coalesce(g.consent_reason, '')) <> ''))
RETURN id AS person_id, 'flag' AS kind, g.since AS at
