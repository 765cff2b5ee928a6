"""Pure rules of the people registry: no ORM queries, no clock; callers pass "today"."""
