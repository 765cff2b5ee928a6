"""Drug crime cases and administrative violations: persons involved (arrests) and seizures."""
