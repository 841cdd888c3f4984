"""The GraphQL schema: types, queries, mutations, limits and the ASGI app that serves them."""
