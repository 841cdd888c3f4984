"""Domain services between the GraphQL resolvers and the store: they know the sharing policy."""
