"""Plain things every layer shares: errors, opaque ids, paging windows, stored codes."""
