"""The partnership data hub: a GraphQL service over a safeguarding graph, shared under agreements."""
