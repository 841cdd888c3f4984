"""Every named statement in cypher/ with the model's labels and relationship types, as JSON.

`make lint-cypher` pipes this into `lint.mjs`, which checks each statement with Neo4j's
own Cypher front end; the statements are split here by the hub's own catalogue parser,
so the linter sees exactly what the hub runs.
"""

from __future__ import annotations

import json
import sys

from hub.graph.cypher import Catalogue
from hub.graph.model import (
    BOOKKEEPING_LABELS,
    ENTITY,
    LINKAGE_LABELS,
    LINKAGE_REL_TYPES,
    NODE_LABELS,
    REL_TYPES,
)


def main() -> int:
    catalogue = Catalogue.load()
    statements = catalogue.statements()
    json.dump({
        # Probe is the conformance tests' own label (cypher/admin.cypher), not the model's.
        "labels": [ENTITY, *NODE_LABELS, *LINKAGE_LABELS, *BOOKKEEPING_LABELS, "Probe"],
        "relationshipTypes": [*REL_TYPES, *LINKAGE_REL_TYPES],
        "statements": [{"name": s.name if s.store is None else f"{s.name}@{s.store}",
                        "source": s.source, "text": s.text} for s in statements],
    }, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
