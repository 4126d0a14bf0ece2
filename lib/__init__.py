"""Functional core of the Maßnahmen-Cockpit: register reading, status rule, exports, storage."""
