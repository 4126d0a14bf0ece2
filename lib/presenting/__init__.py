"""Presenting: what the pages, exports and documents show, built from derived tables; German headers and formats."""
