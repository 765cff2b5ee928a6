"""Reads of the programme app (selectors never import services)."""
