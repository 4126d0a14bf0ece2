"""Shared drawing pieces of the dashboard: the frame (sidebar, state), charts, chart-with-table blocks."""
