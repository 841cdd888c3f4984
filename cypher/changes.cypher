// The change journal (hub/services/changes.py). Every recording statement also creates a
// (:PendingChange {id, record, at, entry}) node holding the change's audit entry as JSON,
// in the same statement as the write, so the two land together or not at all. Once the
// entry is in the hash-chained audit log the node is deleted. PendingChange nodes carry no
// `Entity` label, no owner and no category: no read statement and no count ever sees them.

// name: pending_changes
MATCH (c:PendingChange)
RETURN c ORDER BY c.at, c.id LIMIT $limit

// name: pending_changes_for
MATCH (c:PendingChange {record: $record})
RETURN c ORDER BY c.at, c.id

// name: settle_changes
// mode: write
// Remove the settled changes; say how many others wait (a write whose answer was lost).
// The journal is normally empty or nearly so: reading all of it is cheap.
MATCH (c:PendingChange)
WITH collect(c) AS pending
FOREACH (x IN [c IN pending WHERE c.id IN $ids] | DELETE x)
RETURN size([c IN pending WHERE NOT c.id IN $ids]) AS left
