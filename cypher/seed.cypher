// Writing the fictional county: one statement per label combination and per
// relationship type (see seed/load.py). Every row is a full property map, so a
// node is created and its properties set in one step; relationships find both
// ends by the Entity.id index. Nodes are written before relationships. Each node
// statement also stores the node's `scope` (owner:category), which every read filters on.

// name: seed_store_is_empty
MATCH (n:Entity) WITH n LIMIT 1 RETURN count(n) = 0 AS empty

// name: seed_node_agency
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Agency) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_team
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Team) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_practitioner
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Practitioner) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_agreement
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Agreement) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_grant
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Grant) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_area
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Area) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_place
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Place) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_school
// mode: write
UNWIND $rows AS r CREATE (n:Entity:School) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_family
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Family) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_child
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Person:Child) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_adult
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Person:Adult) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_peer_group
// mode: write
UNWIND $rows AS r CREATE (n:Entity:PeerGroup) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_flag
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Flag) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_incident
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Incident) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_missing_episode
// mode: write
UNWIND $rows AS r CREATE (n:Entity:MissingEpisode) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_return_home_interview
// mode: write
UNWIND $rows AS r CREATE (n:Entity:ReturnHomeInterview) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_county_line
// mode: write
UNWIND $rows AS r CREATE (n:Entity:CountyLine) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_phone
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Phone) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_referral
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Referral) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_intervention
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Intervention) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_outcome
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Outcome) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_context_assessment
// mode: write
UNWIND $rows AS r CREATE (n:Entity:ContextAssessment) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_panel
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Panel) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_panel_decision
// mode: write
UNWIND $rows AS r CREATE (n:Entity:PanelDecision) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_node_action
// mode: write
UNWIND $rows AS r CREATE (n:Entity:Action) SET n = r, n.scope = r.owner + ':' + r.category

// name: seed_rel_associated_with
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:ASSOCIATED_WITH]->(b) SET x = r.props

// name: seed_rel_family_of
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:FAMILY_OF]->(b) SET x = r.props

// name: seed_rel_member_of_family
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:MEMBER_OF_FAMILY]->(b) SET x = r.props

// name: seed_rel_member_of
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:MEMBER_OF]->(b) SET x = r.props

// name: seed_rel_attends
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:ATTENDS]->(b) SET x = r.props

// name: seed_rel_lives_at
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:LIVES_AT]->(b) SET x = r.props

// name: seed_rel_located_at
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:LOCATED_AT]->(b) SET x = r.props

// name: seed_rel_involved_in
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:INVOLVED_IN]->(b) SET x = r.props

// name: seed_rel_occurred_at
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:OCCURRED_AT]->(b) SET x = r.props

// name: seed_rel_went_missing
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:WENT_MISSING]->(b) SET x = r.props

// name: seed_rel_missing_from
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:MISSING_FROM]->(b) SET x = r.props

// name: seed_rel_found_at
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:FOUND_AT]->(b) SET x = r.props

// name: seed_rel_found_with
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:FOUND_WITH]->(b) SET x = r.props

// name: seed_rel_has_interview
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:HAS_INTERVIEW]->(b) SET x = r.props

// name: seed_rel_linked_to_line
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:LINKED_TO_LINE]->(b) SET x = r.props

// name: seed_rel_uses_phone
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:USES_PHONE]->(b) SET x = r.props

// name: seed_rel_exports_from
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:EXPORTS_FROM]->(b) SET x = r.props

// name: seed_rel_imports_to
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:IMPORTS_TO]->(b) SET x = r.props

// name: seed_rel_in_area
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:IN_AREA]->(b) SET x = r.props

// name: seed_rel_referral_for
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:REFERRAL_FOR]->(b) SET x = r.props

// name: seed_rel_referred_by
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:REFERRED_BY]->(b) SET x = r.props

// name: seed_rel_intervention_for
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:INTERVENTION_FOR]->(b) SET x = r.props

// name: seed_rel_follows
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:FOLLOWS]->(b) SET x = r.props

// name: seed_rel_outcome_for
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:OUTCOME_FOR]->(b) SET x = r.props

// name: seed_rel_outcome_of
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:OUTCOME_OF]->(b) SET x = r.props

// name: seed_rel_assesses
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:ASSESSES]->(b) SET x = r.props

// name: seed_rel_decided
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:DECIDED]->(b) SET x = r.props

// name: seed_rel_concerns
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:CONCERNS]->(b) SET x = r.props

// name: seed_rel_has_action
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:HAS_ACTION]->(b) SET x = r.props

// name: seed_rel_assigned_to
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:ASSIGNED_TO]->(b) SET x = r.props

// name: seed_rel_part_of
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:PART_OF]->(b) SET x = r.props

// name: seed_rel_works_in
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:WORKS_IN]->(b) SET x = r.props

// name: seed_rel_party_to
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:PARTY_TO]->(b) SET x = r.props

// name: seed_rel_grants
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:GRANTS]->(b) SET x = r.props

// name: seed_rel_has_flag
// mode: write
UNWIND $rows AS r MATCH (a:Entity {id: r.a}) MATCH (b:Entity {id: r.b})
CREATE (a)-[x:HAS_FLAG]->(b) SET x = r.props
