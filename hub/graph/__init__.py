"""The graph store port, its FalkorDB and Neo4j adapters, the Cypher catalogue and analytics."""
