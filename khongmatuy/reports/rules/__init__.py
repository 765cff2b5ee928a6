"""Pure rules of the official reports: reporting periods and document numbers (no ORM, no clock)."""
