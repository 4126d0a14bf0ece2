"""Storing: the version database, which keeps each accepted workbook's bytes and metadata and nothing derived."""
