"""Functional core of the Maßnahmen-Cockpit, in the order data flows: reading → deriving → presenting, and storing.

`access` (roles and accounts), `sample` (the fictitious register) and `cli` (the command line) sit beside them.
"""
