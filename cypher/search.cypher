// Top-level lists with the filters analysts use. Each has a page and a count statement;
// both filter every node by the caller's scopes and by the consent rule, so hidden records
// are never listed or counted. The consent rule is the one of cypher/records.cypher (see its
// header; hub.auth.policy.consent_allows): these records follow nothing, so it is the
// record's own consent, with the same `$consent_*` parameters.
// Every page statement returns its records as `n`, but for the people lists: they return
// as plain columns only the properties the Child and Adult types read (hub/schema/types.py,
// Person), not whole nodes, since parsing the store's reply is most of a page's cost. They
// sort and cut the page first (WITH ... LIMIT) and project after: projected before the
// sort, every matching person's columns were built, and the page took twice as long.

// The people lists match their own label (Child, Adult or any Person), so a page of
// children scans children only.

// name: people_page
MATCH (p:Person)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
WITH p ORDER BY p.family_name, p.given_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, labels(p) AS _labels, p.owner AS owner, p.category AS category,
  p.source AS source, p.recorded_at AS recorded_at, p.client_ref AS client_ref,
  p.given_name AS given_name, p.family_name AS family_name, p.name AS name, p.dob AS dob,
  p.gender AS gender, p.ethnicity AS ethnicity, p.town AS town, p.district AS district,
  p.ward AS ward, p.of_concern AS of_concern

// name: people_count
MATCH (p:Person)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
RETURN count(p) AS n

// name: children_page
MATCH (p:Child)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
WITH p ORDER BY p.family_name, p.given_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, labels(p) AS _labels, p.owner AS owner, p.category AS category,
  p.source AS source, p.recorded_at AS recorded_at, p.client_ref AS client_ref,
  p.given_name AS given_name, p.family_name AS family_name, p.name AS name, p.dob AS dob,
  p.gender AS gender, p.ethnicity AS ethnicity, p.town AS town, p.district AS district,
  p.ward AS ward, p.of_concern AS of_concern

// name: children_count
MATCH (p:Child)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
RETURN count(p) AS n

// name: adults_page
MATCH (p:Adult)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
WITH p ORDER BY p.family_name, p.given_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, labels(p) AS _labels, p.owner AS owner, p.category AS category,
  p.source AS source, p.recorded_at AS recorded_at, p.client_ref AS client_ref,
  p.given_name AS given_name, p.family_name AS family_name, p.name AS name, p.dob AS dob,
  p.gender AS gender, p.ethnicity AS ethnicity, p.town AS town, p.district AS district,
  p.ward AS ward, p.of_concern AS of_concern

// name: adults_count
MATCH (p:Adult)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR p.name_lc CONTAINS $name)
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
RETURN count(p) AS n

// People by part of their name, through the full-text index of names' three-letter pieces
// (hub/domain/names.py): the index finds everyone holding all of $grams, the needle's
// pieces, and the filters keep those whose name contains the needle itself and whom the
// caller may see, so the answer is the scan's above, person for person. $label is Child,
// Adult or null (anyone). The two stores name their full-text procedures differently.

// name: people_named_page
// store: falkordb
CALL db.idx.fulltext.queryNodes('Person', reduce(q = '', g IN $grams | q + g + ' '))
YIELD node
WITH node AS p
WHERE ($label IS NULL OR $label IN labels(p))
  AND p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND p.name_lc CONTAINS $name
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
WITH p ORDER BY p.family_name, p.given_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, labels(p) AS _labels, p.owner AS owner, p.category AS category,
  p.source AS source, p.recorded_at AS recorded_at, p.client_ref AS client_ref,
  p.given_name AS given_name, p.family_name AS family_name, p.name AS name, p.dob AS dob,
  p.gender AS gender, p.ethnicity AS ethnicity, p.town AS town, p.district AS district,
  p.ward AS ward, p.of_concern AS of_concern

// name: people_named_page
// store: neo4j
CALL db.index.fulltext.queryNodes('person_name_grams',
  reduce(q = '', g IN $grams | q + '+' + g + ' '))
YIELD node
WITH node AS p
WHERE ($label IS NULL OR $label IN labels(p))
  AND p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND p.name_lc CONTAINS $name
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
WITH p ORDER BY p.family_name, p.given_name, p.id SKIP $skip LIMIT $limit
RETURN p.id AS id, labels(p) AS _labels, p.owner AS owner, p.category AS category,
  p.source AS source, p.recorded_at AS recorded_at, p.client_ref AS client_ref,
  p.given_name AS given_name, p.family_name AS family_name, p.name AS name, p.dob AS dob,
  p.gender AS gender, p.ethnicity AS ethnicity, p.town AS town, p.district AS district,
  p.ward AS ward, p.of_concern AS of_concern

// name: people_named_count
// store: falkordb
CALL db.idx.fulltext.queryNodes('Person', reduce(q = '', g IN $grams | q + g + ' '))
YIELD node
WITH node AS p
WHERE ($label IS NULL OR $label IN labels(p))
  AND p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND p.name_lc CONTAINS $name
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
RETURN count(p) AS n

// name: people_named_count
// store: neo4j
CALL db.index.fulltext.queryNodes('person_name_grams',
  reduce(q = '', g IN $grams | q + '+' + g + ' '))
YIELD node
WITH node AS p
WHERE ($label IS NULL OR $label IN labels(p))
  AND p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND p.name_lc CONTAINS $name
  AND ($dob_from IS NULL OR p.dob >= $dob_from)
  AND ($dob_to IS NULL OR p.dob <= $dob_to)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
  AND ($agency IS NULL OR p.owner = $agency)
  AND ($of_concern IS NULL OR p.of_concern = $of_concern)
RETURN count(p) AS n

// name: people_without_grams
// People written before `name_grams` was stored, a batch at a time (GraphStore.stamp_name_grams).
MATCH (p:Person) WHERE p.name_grams IS NULL AND p.name_lc IS NOT NULL
RETURN p.id AS id, p.name_lc AS name_lc LIMIT $batch

// name: stamp_name_grams
// mode: write
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.name_grams = row.grams

// Incidents anywhere, and incidents in an area (town, district or ward of a place they
// occurred at that the caller may see): two statements, so that the common list never
// walks to the places of every incident.

// name: incidents_page
MATCH (i:Incident)
WHERE i.scope IN $scopes
  AND (NOT i.owner IN $consent_owners OR i.category IN $consent_exempt
       OR (i.owner + ':' + i.category) IN $consent_free OR i.consent = 'given'
       OR (i.consent = 'safeguarding_override'
           AND trim(coalesce(i.consent_reason, '')) <> ''))
  AND ($types IS NULL OR i.type IN $types)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND ($agency IS NULL OR i.owner = $agency)
RETURN i AS n ORDER BY n.occurred_at IS NULL, n.occurred_at DESC, n.id SKIP $skip LIMIT $limit

// name: incidents_count
MATCH (i:Incident)
WHERE i.scope IN $scopes
  AND (NOT i.owner IN $consent_owners OR i.category IN $consent_exempt
       OR (i.owner + ':' + i.category) IN $consent_free OR i.consent = 'given'
       OR (i.consent = 'safeguarding_override'
           AND trim(coalesce(i.consent_reason, '')) <> ''))
  AND ($types IS NULL OR i.type IN $types)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND ($agency IS NULL OR i.owner = $agency)
RETURN count(i) AS n

// name: incidents_in_area_page
MATCH (i:Incident)
WHERE i.scope IN $scopes
  AND (NOT i.owner IN $consent_owners OR i.category IN $consent_exempt
       OR (i.owner + ':' + i.category) IN $consent_free OR i.consent = 'given'
       OR (i.consent = 'safeguarding_override'
           AND trim(coalesce(i.consent_reason, '')) <> ''))
  AND ($types IS NULL OR i.type IN $types)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND ($agency IS NULL OR i.owner = $agency)
MATCH (i)-[at:OCCURRED_AT]->(pl:Place)
WHERE (at.owner + ':' + at.category) IN $scopes AND pl.scope IN $scopes
  AND ($town IS NULL OR pl.town = $town)
  AND ($district IS NULL OR pl.district = $district)
  AND ($ward IS NULL OR pl.ward = $ward)
WITH DISTINCT i
RETURN i AS n ORDER BY n.occurred_at IS NULL, n.occurred_at DESC, n.id SKIP $skip LIMIT $limit

// name: incidents_in_area_count
MATCH (i:Incident)
WHERE i.scope IN $scopes
  AND (NOT i.owner IN $consent_owners OR i.category IN $consent_exempt
       OR (i.owner + ':' + i.category) IN $consent_free OR i.consent = 'given'
       OR (i.consent = 'safeguarding_override'
           AND trim(coalesce(i.consent_reason, '')) <> ''))
  AND ($types IS NULL OR i.type IN $types)
  AND ($since IS NULL OR i.occurred_at >= $since)
  AND ($until IS NULL OR i.occurred_at <= $until)
  AND ($agency IS NULL OR i.owner = $agency)
MATCH (i)-[at:OCCURRED_AT]->(pl:Place)
WHERE (at.owner + ':' + at.category) IN $scopes AND pl.scope IN $scopes
  AND ($town IS NULL OR pl.town = $town)
  AND ($district IS NULL OR pl.district = $district)
  AND ($ward IS NULL OR pl.ward = $ward)
WITH DISTINCT i
RETURN count(i) AS n

// name: episodes_page
MATCH (e:MissingEpisode)
WHERE e.scope IN $scopes
  AND (NOT e.owner IN $consent_owners OR e.category IN $consent_exempt
       OR (e.owner + ':' + e.category) IN $consent_free OR e.consent = 'given'
       OR (e.consent = 'safeguarding_override'
           AND trim(coalesce(e.consent_reason, '')) <> ''))
  AND ($since IS NULL OR e.reported_at >= $since)
  AND ($until IS NULL OR e.reported_at <= $until)
  AND ($status IS NULL OR e.status = $status)
  AND ($risks IS NULL OR e.risk IN $risks)
RETURN e AS n ORDER BY n.reported_at IS NULL, n.reported_at DESC, n.id SKIP $skip LIMIT $limit

// name: episodes_count
MATCH (e:MissingEpisode)
WHERE e.scope IN $scopes
  AND (NOT e.owner IN $consent_owners OR e.category IN $consent_exempt
       OR (e.owner + ':' + e.category) IN $consent_free OR e.consent = 'given'
       OR (e.consent = 'safeguarding_override'
           AND trim(coalesce(e.consent_reason, '')) <> ''))
  AND ($since IS NULL OR e.reported_at >= $since)
  AND ($until IS NULL OR e.reported_at <= $until)
  AND ($status IS NULL OR e.status = $status)
  AND ($risks IS NULL OR e.risk IN $risks)
RETURN count(e) AS n

// name: places_page
MATCH (p:Place)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(p.name) CONTAINS $name OR toLower(p.address) CONTAINS $name)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
RETURN p AS n ORDER BY n.town, n.name, n.id SKIP $skip LIMIT $limit

// name: places_count
MATCH (p:Place)
WHERE p.scope IN $scopes
  AND (NOT p.owner IN $consent_owners OR p.category IN $consent_exempt
       OR (p.owner + ':' + p.category) IN $consent_free OR p.consent = 'given'
       OR (p.consent = 'safeguarding_override'
           AND trim(coalesce(p.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(p.name) CONTAINS $name OR toLower(p.address) CONTAINS $name)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($town IS NULL OR p.town = $town)
  AND ($district IS NULL OR p.district = $district)
  AND ($ward IS NULL OR p.ward = $ward)
RETURN count(p) AS n

// name: county_lines_page
MATCH (n:CountyLine)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: county_lines_count
MATCH (n:CountyLine)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: peer_groups_page
MATCH (n:PeerGroup)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: peer_groups_count
MATCH (n:PeerGroup)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: schools_page
MATCH (n:School)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.phase = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: schools_count
MATCH (n:School)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.phase = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: assessments_page
MATCH (n:ContextAssessment)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.assessed_at IS NULL, n.assessed_at DESC, n.id SKIP $skip LIMIT $limit

// name: assessments_count
MATCH (n:ContextAssessment)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: panels_page
MATCH (n:Panel)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.held_on IS NULL, n.held_on DESC, n.id SKIP $skip LIMIT $limit

// name: panels_count
MATCH (n:Panel)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: agencies_page
MATCH (n:Agency)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.code = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: agencies_count
MATCH (n:Agency)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.code = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: agreements_page
MATCH (n:Agreement)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.purpose = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: agreements_count
MATCH (n:Agreement)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.purpose = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n

// name: families_page
MATCH (n:Family)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN n ORDER BY n.name, n.id SKIP $skip LIMIT $limit

// name: families_count
MATCH (n:Family)
WHERE n.scope IN $scopes
  AND (NOT n.owner IN $consent_owners OR n.category IN $consent_exempt
       OR (n.owner + ':' + n.category) IN $consent_free OR n.consent = 'given'
       OR (n.consent = 'safeguarding_override'
           AND trim(coalesce(n.consent_reason, '')) <> ''))
  AND ($name IS NULL OR toLower(coalesce(n.name, '')) CONTAINS $name)
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($risk IS NULL OR n.risk_level = $risk)
  AND ($town IS NULL OR n.town = $town)
RETURN count(n) AS n
