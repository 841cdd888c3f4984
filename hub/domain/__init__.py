"""Plain things every layer shares: client-facing errors, opaque ids, paging windows, the codes of every enumerated property."""
