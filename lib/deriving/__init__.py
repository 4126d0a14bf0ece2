"""Deriving: the one status rule, the filters over its table, and the history of stored versions derived from their bytes."""
