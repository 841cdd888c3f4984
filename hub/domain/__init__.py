"""Plain things every layer shares: client-facing errors, opaque ids and paging windows."""
