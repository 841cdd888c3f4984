// Statements the exports use beyond the analyses' own.

// name: export_places
// Visible places by id, whole, for a map: the found-place hotspots of a missing summary.
UNWIND $ids AS id
MATCH (p:Place {id: id})
WHERE (p.owner + ':' + p.category) IN $scopes
RETURN p AS n
